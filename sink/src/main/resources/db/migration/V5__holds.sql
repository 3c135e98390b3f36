-- Holds (two-phase transfers, docs/ledger-rules.md "Holds"): every account has pending debits, the
-- sum of its open holds, and an available balance, posted less pending. The ledger's new entries
-- move pending debits (HOLD, RELEASE, EXPIRY; a post's DEBIT moves both), and each hold has one row
-- whose status only moves forward, once: HELD -> POSTED, VOIDED or EXPIRED.

-- Adding columns with a constant default rewrites no row, so the append-only trigger is not asked.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_leg_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_leg_check
    CHECK (leg IN ('DEBIT', 'CREDIT', 'REFUND', 'HOLD', 'RELEASE', 'EXPIRY'));
ALTER TABLE ledger_entries
    ADD COLUMN pending_change_minor       bigint NOT NULL DEFAULT 0,
    ADD COLUMN pending_debits_after_minor bigint NOT NULL DEFAULT 0 CHECK (pending_debits_after_minor >= 0),
    ADD COLUMN hold_id                    text;

ALTER TABLE account_balances
    ADD COLUMN pending_debits_minor bigint NOT NULL DEFAULT 0 CHECK (pending_debits_minor >= 0),
    ADD COLUMN available_minor      bigint GENERATED ALWAYS AS (balance_minor - pending_debits_minor) STORED;

CREATE TABLE holds (
    source_account_id      text        NOT NULL,
    hold_id                text        NOT NULL,
    destination_account_id text        NOT NULL,
    amount_minor           bigint      NOT NULL CHECK (amount_minor > 0),
    currency               text        NOT NULL,
    status                 text        NOT NULL CHECK (status IN ('HELD', 'POSTED', 'VOIDED', 'EXPIRED')),
    posted_amount_minor    bigint      NOT NULL DEFAULT 0 CHECK (posted_amount_minor BETWEEN 0 AND amount_minor),
    requested_at           timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (source_account_id, hold_id)
);

CREATE OR REPLACE VIEW ledger_entries_decimal AS
SELECT e.account_id, e.account_version, e.leg, e.transfer_id, e.source_account_id, e.counterparty_account_id,
       round(e.amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits)        AS amount,
       round(e.balance_after_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS balance_after,
       e.currency, e.requested_at, e.applied_at, e.written_at,
       round(e.pending_change_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits)       AS pending_change,
       round(e.pending_debits_after_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS pending_debits_after,
       e.hold_id
FROM ledger_entries e JOIN currencies c ON c.code = e.currency;

CREATE OR REPLACE VIEW account_balances_decimal AS
SELECT b.account_id, round(b.balance_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS balance, b.currency,
       b.version, b.updated_at,
       round(b.pending_debits_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS pending_debits,
       round(b.available_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits)      AS available
FROM account_balances b JOIN currencies c ON c.code = b.currency;

CREATE VIEW holds_decimal AS
SELECT h.source_account_id, h.hold_id, h.destination_account_id,
       round(h.amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits)        AS amount,
       round(h.posted_amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS posted_amount,
       h.currency, h.status, h.requested_at, h.updated_at
FROM holds h JOIN currencies c ON c.code = h.currency;

GRANT SELECT, INSERT, UPDATE ON holds TO payments_sink;
GRANT SELECT ON holds, holds_decimal TO payments_reader;
