-- Grain: one row per transform of the hour: what came in, what was dropped and why, what went out.
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  (SELECT COUNT(*) FROM raw_transactions) AS raw_transactions,
  (SELECT COUNT(*) FROM raw_transactions) - (SELECT COUNT(*) FROM valid_transactions) AS invalid_transactions,
  (SELECT COUNT(*) FROM valid_transactions) - (SELECT COUNT(*) FROM transactions) AS duplicate_transactions,
  (SELECT COUNT(*) FROM transactions) AS transactions,
  (SELECT COUNT(*) FROM raw_alerts) AS raw_alerts,
  (SELECT COUNT(*) FROM fraud_alerts) AS fraud_alerts,
  (SELECT COUNT(*) FROM raw_windows) AS raw_windows,
  (SELECT COUNT(*) FROM analytics_results) AS analytics_results
