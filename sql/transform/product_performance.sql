-- Grain: one row per product sold (completed purchases) in the hour.
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  product_id,
  product_name,
  category,
  COUNT(*) AS transactions,
  CAST(SUM(quantity) AS BIGINT) AS units,
  CAST(SUM(amount) AS DECIMAL(38, 2)) AS revenue,
  -- The original system's name for the same figure: its sample query orders by it.
  CAST(SUM(amount) AS DECIMAL(38, 2)) AS total_revenue,
  COUNT(DISTINCT user_id) AS customers
FROM transactions
WHERE status = 'completed'
GROUP BY product_id, product_name, category
