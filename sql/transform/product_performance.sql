-- Grain: one row per product sold (completed purchases) in the hour.
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  product_id,
  product_name,
  category,
  COUNT(*) AS transactions,
  SUM(quantity) AS units,
  SUM(amount) AS revenue,
  -- The original system's name for the same figure: its sample query orders by it.
  SUM(amount) AS total_revenue,
  COUNT(DISTINCT user_id) AS customers
FROM transactions
WHERE status = 'completed'
GROUP BY product_id, product_name, category
