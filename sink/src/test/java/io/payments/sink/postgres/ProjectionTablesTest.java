package io.payments.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.payments.avro.TransferStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements derived from the tables' descriptions, without PostgreSQL ({@code ProjectionSchemaIT}
 * runs them on the migrated schema), and the one place a status's Java name meets its stored value.
 */
class ProjectionTablesTest {

    @Test
    void theInFlightStateIsStoredAsPendingAndTheFinalOnesByTheirNames() {
        assertThat(ProjectionTables.stored(TransferStatus.DEBITED)).isEqualTo("PENDING");
        assertThat(List.of(TransferStatus.COMPLETED, TransferStatus.REVERSED, TransferStatus.REJECTED))
                .allMatch(status -> ProjectionTables.stored(status).equals(status.name()));
    }

    @Test
    void offsetsMoveByCompareAndSetOnTheOffsetThisSinkLastSaw() {
        assertThat(ProjectionTables.SINK_OFFSETS.sql()).isEqualTo("""
                UPDATE sink_offsets t SET next_offset = v.next_offset, updated_at = clock_timestamp()
                FROM unnest(?::text[], ?::int4[], ?::int8[], ?::int8[]) AS v(topic, partition, expected, next_offset)
                WHERE t.topic = v.topic AND t.partition = v.partition AND t.next_offset = v.expected""");
    }

    @Test
    void aTransfersStatusOnlyMovesForwardOutOfTheInFlightState() {
        assertThat(ProjectionTables.TRANSFERS.sql()).isEqualTo("""
                INSERT INTO transfers (source_account_id, transfer_id, destination_account_id, amount_minor, currency, \
                status, reason, reason_detail, requested_at, updated_at)
                SELECT source_account_id, transfer_id, destination_account_id, amount_minor, currency, status, reason, \
                reason_detail, to_timestamp(requested_at / 1000.0), clock_timestamp()
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], \
                ?::int8[]) AS v(source_account_id, transfer_id, destination_account_id, amount_minor, currency, status, \
                reason, reason_detail, requested_at)
                ON CONFLICT (source_account_id, transfer_id) DO UPDATE SET status = EXCLUDED.status, \
                reason = EXCLUDED.reason, reason_detail = EXCLUDED.reason_detail, updated_at = EXCLUDED.updated_at
                WHERE transfers.status = 'PENDING' AND EXCLUDED.status <> 'PENDING'""");
    }

    @Test
    void insertedOnceTablesLeaveARowThereAsItIs() {
        assertThat(ProjectionTables.LEDGER_ENTRIES.sql()).startsWith("INSERT INTO ledger_entries (account_id, ")
                .endsWith("\nON CONFLICT DO NOTHING");
        assertThat(ProjectionTables.ACCOUNTS.sql()).endsWith("\nON CONFLICT DO NOTHING");
    }

    @Test
    void aRebuildComparesEveryColumnFromTheRecordsAndNoWriteTime() {
        assertThat(ProjectionTables.replayedColumns()).containsExactly(
                entry("accounts", List.of("account_id", "currency", "kind", "opened_at")),
                entry("ledger_entries", List.of("account_id", "account_version", "amount_minor", "currency",
                        "balance_after_minor", "transfer_id", "source_account_id", "counterparty_account_id", "leg",
                        "cause_partition", "cause_offset", "requested_at", "applied_at", "pending_change_minor",
                        "pending_debits_after_minor", "hold_id")),
                entry("account_balances", List.of("account_id", "currency", "balance_minor", "version", "updated_at",
                        "pending_debits_minor")),
                entry("transfers", List.of("source_account_id", "transfer_id", "destination_account_id", "amount_minor",
                        "currency", "status", "reason", "reason_detail", "requested_at")),
                entry("holds", List.of("source_account_id", "hold_id", "destination_account_id", "amount_minor",
                        "currency", "status", "posted_amount_minor", "requested_at", "placed_at")));
    }

    @Test
    void aDescriptionThatCannotMakeItsStatementIsRefused() {
        List<Column<String>> noKey = List.of(Column.<String>text("a", s -> s).updated());

        assertThatThrownBy(() -> Table.upsertForward("t", "true", noKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t: an upsert needs key and updated columns");
        assertThatThrownBy(() -> Table.compareAndSet("t", "a", noKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t: a compare-and-set needs key columns and one expected value");
    }
}
