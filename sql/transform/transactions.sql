-- Grain: one row per transaction_id of the hour. A transaction delivered twice keeps its first delivery (by Kafka
-- position); the amount becomes DECIMAL(10,2), so sums are exact.
WITH numbered AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY transaction_id ORDER BY kafka_topic, kafka_partition, kafka_offset) AS delivery
  FROM valid_transactions
)
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  transaction_id,
  user_id,
  event_time,
  CAST(amount AS DECIMAL(10, 2)) AS amount,
  currency,
  product_id,
  product_name,
  category,
  quantity,
  payment_method,
  status,
  email_hash,
  card_last4,
  session_id,
  country,
  city,
  lat,
  lon,
  device_id,
  device_type,
  device_os,
  ip,
  user_segment,
  is_fraud,
  fraud_pattern,
  kafka_topic,
  kafka_partition,
  kafka_offset
FROM numbered
WHERE delivery = 1
