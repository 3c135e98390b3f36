-- Open holds, watched (docs/operations.md, "Metrics and health"): each hold keeps when the
-- processor placed it (its HOLD entry's applied_at, a time no producer sets), and the sink's
-- gauges of open holds per currency read through indexes: the open holds alone, and the
-- currencies that have accounts. And transfers_decimal keeps the rows of requests rejected in no
-- known currency.

-- A hold's row is written in the same transaction as its HOLD entry, so every row has one; each is
-- looked up through the primary key's account_id, so the journal is not scanned.
ALTER TABLE holds ADD COLUMN placed_at timestamptz;
UPDATE holds h SET placed_at = (SELECT e.applied_at FROM ledger_entries e
                                WHERE e.account_id = h.source_account_id AND e.leg = 'HOLD' AND e.hold_id = h.hold_id);
ALTER TABLE holds ALTER COLUMN placed_at SET NOT NULL;

CREATE INDEX holds_open ON holds (currency, placed_at) WHERE status = 'HELD';
CREATE INDEX accounts_currency ON accounts (currency);

CREATE OR REPLACE VIEW holds_decimal AS
SELECT h.source_account_id, h.hold_id, h.destination_account_id,
       round(h.amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits)        AS amount,
       round(h.posted_amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS posted_amount,
       h.currency, h.status, h.requested_at, h.updated_at, h.placed_at
FROM holds h JOIN currencies c ON c.code = h.currency;

-- A rejected request whose currency is no known code (a transfer in 'ZZZ', a post of a hold that
-- was never placed, which has no currency) stays in the decimal view, its amount NULL: an inner
-- join hid it.
CREATE OR REPLACE VIEW transfers_decimal AS
SELECT t.source_account_id, t.transfer_id, t.destination_account_id,
       round(t.amount_minor / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS amount, t.currency, t.status, t.reason,
       t.reason_detail, t.requested_at, t.updated_at
FROM transfers t LEFT JOIN currencies c ON c.code = t.currency;
