-- Roles for the services that use this schema, with no more than each needs. They cannot log in:
-- grant them to a login user (README: "The PostgreSQL sink", least privilege).
--   payments_sink    writes the projection: INSERT and SELECT on the ledger, upserts on the tables
--                    that move forward (balances, transfers, offsets); no UPDATE or DELETE of
--                    ledger rows, no DDL, no TRUNCATE.
--   payments_reader  reads everything (reconciliation, reports); writes nothing.
-- Roles are cluster-wide and may exist already (another database, another schema); the grants
-- are for this schema, whichever it is.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'payments_sink') THEN
        CREATE ROLE payments_sink NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'payments_reader') THEN
        CREATE ROLE payments_reader NOLOGIN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO payments_sink, payments_reader', current_schema());
END
$$;

GRANT SELECT, INSERT ON ledger_entries, accounts TO payments_sink;
GRANT SELECT, INSERT, UPDATE ON account_balances, transfers, sink_offsets TO payments_sink;
GRANT SELECT ON currencies, flyway_schema_history TO payments_sink;

GRANT SELECT ON ledger_entries, accounts, account_balances, transfers, sink_offsets, currencies,
    ledger_entries_decimal, account_balances_decimal, transfers_decimal TO payments_reader;
