package io.payments.bench;

import io.payments.avro.CreditLeg;
import io.payments.processor.legs.LegKeys;
import io.payments.processor.legs.LegSignature;
import java.util.Base64;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Signing a credit leg as the processor writes it, and verifying it as the destination's task reads it. */
public class LegSignatureBenchmark extends NanosecondBenchmark {

    private LegSignature signature;
    private CreditLeg leg;
    private CreditLeg signed;

    @Setup
    public void setUp() {
        byte[] secret = new byte[32];
        new java.util.Random(1).nextBytes(secret);
        signature = new LegSignature(LegKeys.parse("k1:" + Base64.getEncoder().encodeToString(secret), ""));
        leg = new CreditLeg("t-000123456", "acct-000042", "acct-000917", 12_345L, "EUR", 1_700_000_000_000L, 17L,
                Map.of("invoice", "INV-2026-0042"), null, null, null, null);
        signed = CreditLeg.newBuilder(leg).build();
        signature.sign(signed, "acct-000917", 3);
    }

    @Benchmark
    public CreditLeg sign() {
        signature.sign(leg, "acct-000917", 3);
        return leg;
    }

    @Benchmark
    public LegSignature.Verdict verify() {
        return signature.verify(signed, "acct-000917", 3);
    }
}
