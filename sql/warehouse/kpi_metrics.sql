-- Grain: one row per ETL hour, from the warehouse's own tables once the hour is loaded (same transaction). Revenue,
-- orders, top category and product and first-time customers count completed purchases; the fraud rate is the share of
-- the hour's transactions (any status) with an alert; conversion is the hour's windows' converted sessions over their
-- sessions. Growth compares revenue with the previous hour and the same hour a day before, NULL when that hour holds no
-- revenue in the warehouse. Runs as written on DuckDB and Snowflake.
WITH hour_transactions AS (
  SELECT transaction_id, user_id, product_id, product_name, category, amount, status
  FROM RAW_TRANSACTIONS
  WHERE etl_hour = TIMESTAMP '{{hour_start}}'
),
sales AS (
  SELECT * FROM hour_transactions WHERE status = 'completed'
),
totals AS (
  SELECT
    COUNT(*) AS transactions,
    COALESCE(SUM(amount), 0) AS revenue,
    COUNT(DISTINCT user_id) AS customers
  FROM sales
),
earlier_revenue AS (
  SELECT etl_hour, SUM(amount) AS revenue
  FROM RAW_TRANSACTIONS
  WHERE status = 'completed'
    AND etl_hour IN (TIMESTAMP '{{previous_hour_start}}', TIMESTAMP '{{day_before_hour_start}}')
  GROUP BY etl_hour
),
top_category AS (
  SELECT category FROM sales GROUP BY category ORDER BY SUM(amount) DESC, category LIMIT 1
),
top_product AS (
  SELECT product_id, product_name FROM sales GROUP BY product_id, product_name ORDER BY SUM(amount) DESC, product_id LIMIT 1
),
returning_customers AS (
  SELECT COUNT(DISTINCT s.user_id) AS customers
  FROM sales AS s
  WHERE EXISTS (
    SELECT 1 FROM RAW_TRANSACTIONS AS r
    WHERE r.user_id = s.user_id AND r.status = 'completed' AND r.etl_hour < TIMESTAMP '{{hour_start}}'
  )
),
alerted AS (
  SELECT COUNT(DISTINCT a.transaction_id) AS transactions
  FROM FRAUD_ALERTS AS a
  JOIN hour_transactions AS t ON t.transaction_id = a.transaction_id
  WHERE a.etl_hour = TIMESTAMP '{{hour_start}}'
),
sessions AS (
  SELECT COALESCE(SUM(sessions), 0) AS sessions, COALESCE(SUM(converted_sessions), 0) AS converted
  FROM ANALYTICS_RESULTS
  WHERE etl_hour = TIMESTAMP '{{hour_start}}'
),
figures AS (
  SELECT
    t.transactions,
    CAST(t.revenue AS DOUBLE) AS revenue,
    t.customers,
    (SELECT COUNT(*) FROM hour_transactions) AS all_transactions,
    (SELECT CAST(revenue AS DOUBLE) FROM earlier_revenue WHERE etl_hour = TIMESTAMP '{{previous_hour_start}}') AS previous_hour_revenue,
    (SELECT CAST(revenue AS DOUBLE) FROM earlier_revenue WHERE etl_hour = TIMESTAMP '{{day_before_hour_start}}') AS day_before_revenue,
    (SELECT category FROM top_category) AS top_category,
    (SELECT product_id FROM top_product) AS top_product_id,
    (SELECT product_name FROM top_product) AS top_product_name,
    (SELECT customers FROM returning_customers) AS returning_customers,
    (SELECT transactions FROM alerted) AS alerted_transactions,
    (SELECT sessions FROM sessions) AS sessions,
    (SELECT converted FROM sessions) AS converted_sessions
  FROM totals AS t
)
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  CAST(TIMESTAMP '{{hour_start}}' AS DATE) AS kpi_date,
  revenue,
  transactions,
  CASE WHEN transactions = 0 THEN 0 ELSE revenue / transactions END AS avg_order_value,
  CASE WHEN sessions = 0 THEN 0 ELSE CAST(converted_sessions AS DOUBLE) / sessions END AS conversion_rate,
  CASE WHEN all_transactions = 0 THEN 0 ELSE CAST(alerted_transactions AS DOUBLE) / all_transactions END AS fraud_rate,
  top_category,
  top_product_id,
  top_product_name,
  customers,
  CASE WHEN customers = 0 THEN 0 ELSE CAST(customers - returning_customers AS DOUBLE) / customers END AS first_time_customer_share,
  previous_hour_revenue,
  CASE WHEN previous_hour_revenue IS NULL OR previous_hour_revenue = 0 THEN NULL
    ELSE (revenue - previous_hour_revenue) / previous_hour_revenue END AS revenue_growth_vs_previous_hour,
  day_before_revenue AS same_hour_day_before_revenue,
  CASE WHEN day_before_revenue IS NULL OR day_before_revenue = 0 THEN NULL
    ELSE (revenue - day_before_revenue) / day_before_revenue END AS revenue_growth_vs_day_before,
  CAST(transactions AS DOUBLE) / 60 AS transactions_per_minute
FROM figures
