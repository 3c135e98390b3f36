package io.payments.sink.projection;

import static io.payments.sink.projection.TestRecords.debit;
import static io.payments.sink.projection.TestRecords.entry;
import static io.payments.sink.projection.TestRecords.holdEntry;
import static io.payments.sink.projection.TestRecords.opened;
import static io.payments.sink.projection.TestRecords.transferResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.avro.AccountKind;
import io.payments.avro.HoldStatus;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.TransferResult;
import io.payments.avro.TransferStatus;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which records make which rows, with no database: the projection's rules on their own. */
class TableRowsTest {

    @Test
    void aDebitShowsItsTransferDebitedWithTheRequestedAmount() {
        TableRows rows = rows(List.of(debit("acc-a", 1, "t1", "acc-b", 250)), List.of());

        assertThat(rows.transfers()).containsExactly(new TransferRow("acc-a", "t1", "acc-b", 250, "EUR",
                TransferStatus.DEBITED, null, null, 1_000L));
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"COMPLETED", "REVERSED", "REJECTED"})
    void aRecordedResultDecidesTheStatusWhicheverTopicWasReadFirst(Outcome outcome) {
        RejectReason reason = outcome == Outcome.COMPLETED ? null : RejectReason.INSUFFICIENT_FUNDS;
        TransferResult result = transferResult("acc-a", "t1", "acc-b", 250, outcome, reason).build();
        TransferRow decided = new TransferRow("acc-a", "t1", "acc-b", 250, "EUR", TransferStatus.valueOf(outcome.name()),
                reason == null ? null : reason.name(), reason == null ? null : "detail of " + reason, 1_000L);

        assertThat(rows(List.of(debit("acc-a", 1, "t1", "acc-b", 250)), List.of(result)).transfers())
                .containsExactly(decided);
        assertThat(rows(List.of(), List.of(result)).transfers()).containsExactly(decided);
    }

    @Test
    void resultsThatDoNotDecideATransferMakeNoTransferRow() {
        List<TransferResult> results = List.of(
                transferResult("acc-a", "t1", "acc-b", 250, Outcome.COMPLETED, null).setDuplicate(true).build(),
                transferResult("acc-a", "t2", "acc-b", 250, Outcome.REJECTED, RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT)
                        .setRecorded(false).build(),
                opened("acc-c", AccountKind.CUSTOMER).build());

        assertThat(rows(List.of(), results).transfers()).isEmpty();
        assertThat(results).noneMatch(TableRows::decidesTransfer);
    }

    @Test
    void creditsAndRefundsMakeNoTransferRow() {
        List<LedgerEntry> entries = List.of(entry("acc-b", 1, Leg.CREDIT, "t1", "acc-a", "acc-a", 250),
                entry("acc-a", 2, Leg.REFUND, "t2", "acc-a", "acc-b", 250));

        assertThat(rows(entries, List.of()).transfers()).isEmpty();
    }

    @Test
    void transfersAreInKeyOrderWhateverTheRecordOrder() {
        TableRows rows = rows(List.of(debit("acc-b", 1, "t1", "acc-a", 1), debit("acc-a", 2, "t2", "acc-b", 1),
                debit("acc-a", 1, "t1", "acc-b", 1)), List.of());

        assertThat(rows.transfers()).extracting(row -> row.sourceAccountId() + "/" + row.transferId())
                .containsExactly("acc-a/t1", "acc-a/t2", "acc-b/t1");
    }

    @Test
    void onlyCompletedFirstOpenAccountResultsWithAKindOpenAnAccount() {
        List<TransferResult> results = List.of(
                opened("acc-z", AccountKind.SETTLEMENT).build(),
                opened("acc-y", AccountKind.CUSTOMER).build(),
                opened("acc-x", AccountKind.CUSTOMER).setDuplicate(true).build(),
                opened("acc-w", AccountKind.CUSTOMER).setOutcome(Outcome.REJECTED)
                        .setReason(RejectReason.ACCOUNT_ALREADY_EXISTS).build(),
                opened("acc-v", null).build(),
                transferResult("acc-u", "t1", "acc-b", 1, Outcome.COMPLETED, null).build());

        assertThat(rows(List.of(), results).openedAccounts()).extracting(TransferResult::getSourceAccountId)
                .containsExactly("acc-y", "acc-z");
    }

    @Test
    void entriesAreInAccountAndVersionOrderAndEachAccountKeepsItsHighestVersionsBalance() {
        LedgerEntry b1 = entry("acc-b", 1, Leg.CREDIT, "t1", "acc-a", "acc-a", 5);
        LedgerEntry a2 = entry("acc-a", 2, Leg.CREDIT, "t2", "acc-c", "acc-c", 7);
        LedgerEntry a1 = entry("acc-a", 1, Leg.CREDIT, "t3", "acc-c", "acc-c", 9);

        TableRows rows = rows(List.of(b1, a2, a1), List.of());

        assertThat(rows.entries()).containsExactly(a1, a2, b1);
        assertThat(rows.balances()).containsExactly(a2, b1);
    }

    @Test
    void offsetsAreInTopicAndPartitionOrder() {
        RecordBatch batch = new RecordBatch();
        batch.move(new TopicPartition("results", 0), 4, 9);
        batch.move(new TopicPartition("entries", 10), 0, 1);
        batch.move(new TopicPartition("entries", 2), 7, 8);

        assertThat(TableRows.of(batch).offsets()).containsExactly(new OffsetRow("entries", 2, 7, 8),
                new OffsetRow("entries", 10, 0, 1), new OffsetRow("results", 0, 4, 9));
    }

    @Test
    void aResultWithOutcomeUnknownIsABug() {
        TransferResult unknown = transferResult("acc-a", "t1", "acc-b", 1, Outcome.UNKNOWN, null).build();

        assertThatThrownBy(() -> rows(List.of(), List.of(unknown))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UNKNOWN");
    }

    @Test
    void anEntryBelowVersionOneIsTheRecordsOwnFault() {
        assertThatThrownBy(() -> new RecordBatch().add(debit("acc-a", 0, "t1", "acc-b", 1)))
                .isInstanceOf(UnstorableRowException.class).hasMessageContaining("account version 0");
    }

    @Test
    void aBatchCountsItsRecords() {
        RecordBatch batch = batch(List.of(debit("acc-a", 1, "t1", "acc-b", 1)),
                List.of(opened("acc-c", AccountKind.CUSTOMER).build()));

        assertThat(batch.recordCount()).isEqualTo(2);
    }

    @Test
    void aHoldEntryMakesItsRowHeldAndAnEndingEntryEndsIt() {
        LedgerEntry placed = holdEntry("acc-a", 2, Leg.HOLD, "h1", "acc-b", 400, 0, 1_000L);
        assertThat(rows(List.of(placed), List.of()).holds()).containsExactly(
                new HoldRow("acc-a", "h1", "acc-b", 400, "EUR", HoldStatus.HELD, 0, 1_000L, 1_001L));

        assertThat(rows(List.of(holdEntry("acc-a", 3, Leg.DEBIT, "h1", "acc-b", 400, 150, 5_000L)), List.of()).holds())
                .containsExactly(new HoldRow("acc-a", "h1", "acc-b", 400, "EUR", HoldStatus.POSTED, 150, 5_000L, 5_001L));
        assertThat(rows(List.of(holdEntry("acc-a", 3, Leg.RELEASE, "h1", "acc-b", 400, 0, 5_000L)), List.of()).holds())
                .extracting(HoldRow::status).containsExactly(HoldStatus.VOIDED);
        assertThat(rows(List.of(holdEntry("acc-a", 3, Leg.EXPIRY, "h1", "acc-b", 400, 0, 1_000L)), List.of()).holds())
                .extracting(HoldRow::status).containsExactly(HoldStatus.EXPIRED);
    }

    @Test
    void aBatchWithAHoldAndItsEndingWritesTheEndingWithTheHoldsTimes() {
        List<LedgerEntry> both = List.of(holdEntry("acc-a", 3, Leg.RELEASE, "h1", "acc-b", 400, 0, 5_000L),
                holdEntry("acc-a", 2, Leg.HOLD, "h1", "acc-b", 400, 0, 1_000L));

        assertThat(rows(both, List.of()).holds()).containsExactly(
                new HoldRow("acc-a", "h1", "acc-b", 400, "EUR", HoldStatus.VOIDED, 0, 1_000L, 1_001L));
    }

    @Test
    void aPostIsATransferItsResultDecidesAndAPlainDebitPlacesNoHold() {
        LedgerEntry post = holdEntry("acc-a", 3, Leg.DEBIT, "h1", "acc-b", 400, 150, 5_000L);
        TransferResult completed = transferResult("acc-a", post.getTransferId(), "acc-b", 150, Outcome.COMPLETED, null)
                .setRequestType(io.payments.avro.RequestType.POST_HOLD).setHoldId("h1").build();

        assertThat(rows(List.of(post), List.of(completed)).transfers()).extracting(TransferRow::status)
                .containsExactly(TransferStatus.COMPLETED);
        assertThat(rows(List.of(debit("acc-a", 1, "t1", "acc-b", 250)), List.of()).holds()).isEmpty();
        TransferResult held = transferResult("acc-a", "h1", "acc-b", 400, Outcome.HELD, null)
                .setRequestType(io.payments.avro.RequestType.PLACE_HOLD).setHoldId("h1").build();
        assertThat(TableRows.decidesTransfer(held)).as("a hold is no transfer").isFalse();
    }

    private static TableRows rows(List<LedgerEntry> entries, List<TransferResult> results) {
        return TableRows.of(batch(entries, results));
    }

    private static RecordBatch batch(List<LedgerEntry> entries, List<TransferResult> results) {
        RecordBatch batch = new RecordBatch();
        entries.forEach(batch::add);
        results.forEach(batch::add);
        return batch;
    }
}
