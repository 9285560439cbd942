-- Grain: one row per sliding window of the analytics consumer that ends in the hour (window_end exclusive, so the
-- windows ending after hour_start up to hour_end inclusive): one per slide. The stream's own figures (sales, top lists,
-- payment methods, countries, fraud and conversion rates) are kept as it computed them; distinct users, products and
-- categories and the device mix are counted here from the completed purchases inside each window, which may reach
-- back into the previous hour. A window delivered twice keeps its first delivery. Lists are JSON text.
WITH numbered AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY kafka_topic, kafka_partition, kafka_offset) AS delivery
  FROM raw_windows
  WHERE window_end > TIMESTAMP '{{hour_start}}'
    AND window_end <= TIMESTAMP '{{hour_end}}'
),
windows AS (
  SELECT * FROM numbered WHERE delivery = 1
),
completed AS (
  SELECT transaction_id, event_time, user_id, product_id, category, device_type
  FROM transactions
  WHERE status = 'completed'
  UNION
  SELECT transaction_id, event_time, user_id, product_id, category, device_type
  FROM raw_previous_transactions
  WHERE status = 'completed'
    AND event_time < TIMESTAMP '{{hour_start}}'
),
window_purchases AS (
  SELECT
    w.window_start,
    COUNT(DISTINCT c.user_id) AS distinct_users,
    COUNT(DISTINCT c.product_id) AS distinct_products,
    COUNT(DISTINCT c.category) AS distinct_categories,
    SUM(CASE WHEN c.device_type = 'mobile' THEN 1 ELSE 0 END) AS mobile,
    SUM(CASE WHEN c.device_type = 'desktop' THEN 1 ELSE 0 END) AS desktop,
    SUM(CASE WHEN c.device_type = 'tablet' THEN 1 ELSE 0 END) AS tablet,
    SUM(CASE WHEN c.device_type IN ('mobile', 'desktop', 'tablet') THEN 0 ELSE 1 END) AS other
  FROM windows AS w
  JOIN completed AS c ON c.event_time >= w.window_start AND c.event_time < w.window_end
  GROUP BY w.window_start
)
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  w.window_start,
  w.window_end,
  w.window_seconds,
  w.transactions,
  w.revenue AS total_sales,
  w.avg_order_value,
  COALESCE(p.distinct_users, 0) AS distinct_users,
  COALESCE(p.distinct_products, 0) AS distinct_products,
  COALESCE(p.distinct_categories, 0) AS distinct_categories,
  w.top_categories,
  w.top_products,
  w.payment_methods AS payment_method_distribution,
  CONCAT(
    '{"mobile":', CAST(COALESCE(p.mobile, 0) AS STRING),
    ',"desktop":', CAST(COALESCE(p.desktop, 0) AS STRING),
    ',"tablet":', CAST(COALESCE(p.tablet, 0) AS STRING),
    ',"other":', CAST(COALESCE(p.other, 0) AS STRING), '}'
  ) AS device_distribution,
  w.by_country AS country_distribution,
  w.alerts,
  w.alert_rate AS fraud_rate,
  w.sessions,
  w.converted_sessions,
  w.conversion_rate,
  CASE WHEN COALESCE(p.distinct_users, 0) = 0 THEN 0 ELSE w.revenue / p.distinct_users END AS revenue_per_user,
  CASE WHEN COALESCE(p.distinct_users, 0) = 0 THEN 0 ELSE CAST(w.transactions AS DOUBLE) / p.distinct_users END AS transactions_per_user,
  w.late_events
FROM windows AS w
LEFT JOIN window_purchases AS p ON p.window_start = w.window_start
