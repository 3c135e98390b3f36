package io.payments.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads record keys (account ids) as strictly decoded UTF-8. Kafka's {@code StringDeserializer}
 * replaces invalid bytes with U+FFFD, so two different keys could read as one account; this
 * raises a {@link WireFormatException} with {@link DecodeFailure#INVALID_UTF8} instead.
 */
public final class StrictStringDeserializer implements Deserializer<String> {

    @Override
    public String deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StrictUtf8.decode(bytes);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            throw new WireFormatException(DecodeFailure.INVALID_UTF8, "the record key is " + e.getMessage(), e);
        }
    }
}
