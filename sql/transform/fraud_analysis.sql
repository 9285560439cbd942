-- Grain: one row per dimension value of the hour, for the dimensions user, country and device_type. Users appear
-- only with at least one alerted transaction: a row per quiet user would dwarf the rest.
WITH alerted_transactions AS (
  SELECT transaction_id, MAX(score) AS max_score
  FROM fraud_alerts
  GROUP BY transaction_id
),
scored AS (
  SELECT t.user_id, t.country, t.device_type, t.amount, a.transaction_id IS NOT NULL AS alerted, a.max_score
  FROM transactions AS t
  LEFT JOIN alerted_transactions AS a ON a.transaction_id = t.transaction_id
),
by_dimension AS (
  SELECT 'user' AS dimension, user_id AS dimension_value, amount, alerted, max_score FROM scored
  UNION ALL
  SELECT 'country' AS dimension, country AS dimension_value, amount, alerted, max_score FROM scored
  UNION ALL
  SELECT 'device_type' AS dimension, device_type AS dimension_value, amount, alerted, max_score FROM scored
)
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  -- The day of the hour's alerts: the original system's sample query filters on it.
  CAST(TIMESTAMP '{{hour_start}}' AS DATE) AS alert_date,
  dimension,
  COALESCE(dimension_value, 'unknown') AS dimension_value,
  COUNT(*) AS transactions,
  CAST(SUM(CASE WHEN alerted THEN 1 ELSE 0 END) AS BIGINT) AS alerted_transactions,
  CAST(SUM(CASE WHEN alerted THEN amount ELSE 0 END) AS DECIMAL(38, 2)) AS alerted_amount,
  MAX(max_score) AS max_alert_score
FROM by_dimension
GROUP BY dimension, COALESCE(dimension_value, 'unknown')
HAVING dimension <> 'user' OR SUM(CASE WHEN alerted THEN 1 ELSE 0 END) > 0
