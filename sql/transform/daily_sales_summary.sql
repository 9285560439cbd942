-- Grain: one row per category and country of the hour; summing an hour's rows by sale_date gives the day.
-- Revenue counts completed purchases only, in the transactions' currency.
-- Sums are cast to the type both engines write alike (DuckDB sums INTEGERs to a HUGEINT, which Parquet holds as DOUBLE).
SELECT
  CAST(TIMESTAMP '{{hour_start}}' AS DATE) AS sale_date,
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  category,
  country,
  COUNT(*) AS transactions,
  CAST(SUM(quantity) AS BIGINT) AS units,
  CAST(SUM(amount) AS DECIMAL(38, 2)) AS revenue,
  COUNT(DISTINCT user_id) AS customers
FROM transactions
WHERE status = 'completed'
GROUP BY category, country
