-- The PostgreSQL projection of the ledger. Amounts are bigint minor units with their ISO 4217
-- currency; the *_decimal views show them as numeric amounts for people.

CREATE TABLE currencies (
    code            text     PRIMARY KEY,
    fraction_digits smallint NOT NULL CHECK (fraction_digits BETWEEN 0 AND 4)
);

CREATE TABLE accounts (
    account_id text        PRIMARY KEY,
    currency   text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('CUSTOMER', 'SETTLEMENT')),
    opened_at  timestamptz NOT NULL
);

-- Append-only: one row per applied leg, never changed (the trigger below refuses it).
CREATE TABLE ledger_entries (
    account_id              text        NOT NULL,
    account_version         bigint      NOT NULL CHECK (account_version >= 1),
    amount_minor            bigint      NOT NULL,
    currency                text        NOT NULL,
    balance_after_minor     bigint      NOT NULL,
    transfer_id             text        NOT NULL,
    source_account_id       text        NOT NULL,
    counterparty_account_id text        NOT NULL,
    leg                     text        NOT NULL CHECK (leg IN ('DEBIT', 'CREDIT', 'REFUND')),
    cause_partition         integer     NOT NULL,
    cause_offset            bigint      NOT NULL,
    requested_at            timestamptz NOT NULL,
    applied_at              timestamptz NOT NULL,
    written_at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (account_id, account_version)
);
CREATE INDEX ledger_entries_transfer ON ledger_entries (source_account_id, transfer_id);

-- The latest balance per account; only ever moved to a higher version.
CREATE TABLE account_balances (
    account_id    text        PRIMARY KEY,
    currency      text        NOT NULL,
    balance_minor bigint      NOT NULL,
    version       bigint      NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- One row per transfer; status only moves forward: PENDING -> COMPLETED or REVERSED; REJECTED is final.
CREATE TABLE transfers (
    source_account_id      text        NOT NULL,
    transfer_id            text        NOT NULL,
    destination_account_id text,
    amount_minor           bigint      NOT NULL,
    currency               text        NOT NULL,
    status                 text        NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'REVERSED', 'REJECTED')),
    reason                 text,
    reason_detail          text,
    requested_at           timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (source_account_id, transfer_id)
);

-- The next offset to read per topic-partition, written in the same transaction as the rows.
CREATE TABLE sink_offsets (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (topic, partition)
);

-- The database itself refuses to change or remove ledger rows, whoever asks.
CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Correct a ledger with a new transfer, never by editing entries.';
END
$$;
CREATE TRIGGER ledger_entries_append_only
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER ledger_entries_no_truncate
    BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

CREATE VIEW ledger_entries_decimal AS
SELECT e.account_id, e.account_version, e.leg, e.transfer_id, e.source_account_id, e.counterparty_account_id,
       round(e.amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits)        AS amount,
       round(e.balance_after_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS balance_after,
       e.currency, e.requested_at, e.applied_at, e.written_at
FROM ledger_entries e JOIN currencies c ON c.code = e.currency;

CREATE VIEW account_balances_decimal AS
SELECT b.account_id, round(b.balance_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS balance, b.currency, b.version, b.updated_at
FROM account_balances b JOIN currencies c ON c.code = b.currency;

CREATE VIEW transfers_decimal AS
SELECT t.source_account_id, t.transfer_id, t.destination_account_id,
       round(t.amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS amount, t.currency, t.status, t.reason,
       t.reason_detail, t.requested_at, t.updated_at
FROM transfers t JOIN currencies c ON c.code = t.currency;
