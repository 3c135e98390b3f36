-- Records an operator told the sink to skip (`payments sink skip`) after PostgreSQL refused their
-- rows: the projection lacks them, and this table says which, why, when and who decided.
CREATE TABLE sink_skipped_records (
    topic         text        NOT NULL,
    partition     integer     NOT NULL,
    record_offset bigint      NOT NULL,
    reason        text        NOT NULL CHECK (reason <> ''),
    skipped_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    skipped_by    text        NOT NULL DEFAULT current_user,
    PRIMARY KEY (topic, partition, record_offset)
);

GRANT SELECT, INSERT ON sink_skipped_records TO payments_sink;
GRANT SELECT ON sink_skipped_records TO payments_reader;
