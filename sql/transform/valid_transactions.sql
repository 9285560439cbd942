-- Raw transactions of the hour that can be loaded: keys present, event time inside the hour, a positive amount
-- that fits DECIMAL(10,2) and at least one unit. The rest are invalid: counted in transform_counts, then dropped.
SELECT *
FROM raw_transactions
WHERE transaction_id IS NOT NULL
  AND user_id IS NOT NULL
  AND event_time >= TIMESTAMP '{{hour_start}}'
  AND event_time < TIMESTAMP '{{hour_end}}'
  AND amount > 0
  AND amount <= 1000000
  AND quantity >= 1
