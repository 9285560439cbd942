#!/usr/bin/env bash
# The hourly ETL schedule with the temporal CLI: the same definition as `streamify etl schedule`
# (src/temporal/hourly-etl-schedule.ts). Every hour at :05 a short scheduledHourlyEtl starts the hour before as its own
# workflow, hourly-etl-<hour> (or finds it running or loaded); overlap BufferAll, so no action is ever dropped, and no
# pause on failure, since a failed hour holds no other.
#   temporal/hourly-etl-schedule.sh create                 # or: update
#   temporal/hourly-etl-schedule.sh backfill 2026-11-25T00 2026-11-25T05
# TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE as for streamify; SCHEDULE_ID (default hourly-etl), CATCHUP_WINDOW (default 24h).
# `streamify etl backfill --missing --from … --to …` runs only the hours the warehouse has no successful load of.
set -euo pipefail

address="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
schedule_id="${SCHEDULE_ID:-hourly-etl}"

case "${1:-}" in
  create | update)
    # The input carries no hour: each tick takes the hour before its TemporalScheduledStartTime.
    temporal schedule "$1" --address "$address" --namespace "$namespace" \
      --schedule-id "$schedule_id" \
      --interval 1h/5m \
      --overlap-policy BufferAll \
      --catchup-window "${CATCHUP_WINDOW:-24h}" \
      --workflow-id "$schedule_id" \
      --task-queue streamify \
      --type scheduledHourlyEtl \
      --static-summary 'Starts the hourly ETL of the hour before (one run per hour, by id)' \
      --input '{}'
    ;;
  backfill)
    # Hour H is ticked at (H+1):05, so the hours from $2 to $3 are the scheduled times from $2+1h5m to $3+1h5m. A tick
    # of an hour already loaded leaves it be.
    from=$(date -u -d "${2/T/ }:00 UTC + 65 minutes" +%Y-%m-%dT%H:%M:%SZ)
    to=$(date -u -d "${3/T/ }:00 UTC + 65 minutes" +%Y-%m-%dT%H:%M:%SZ)
    temporal schedule backfill --address "$address" --namespace "$namespace" \
      --schedule-id "$schedule_id" --start-time "$from" --end-time "$to" --overlap-policy BufferAll
    ;;
  *)
    echo "usage: $0 create|update|backfill FROM_HOUR TO_HOUR" >&2
    exit 2
    ;;
esac
