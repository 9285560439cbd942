-- Grain: one row per alert_id of the hour. The engine re-issues an alert under the same id when its severity
-- rises: the highest score stands; an alert delivered twice keeps its first delivery.
WITH numbered AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY alert_id ORDER BY score DESC, kafka_topic, kafka_partition, kafka_offset) AS delivery
  FROM raw_alerts
  WHERE alert_id IS NOT NULL
)
SELECT
  TIMESTAMP '{{hour_start}}' AS etl_hour,
  alert_id,
  transaction_id,
  user_id,
  rules,
  score,
  severity,
  reasons,
  event_time,
  detected_at,
  rules_version
FROM numbered
WHERE delivery = 1
