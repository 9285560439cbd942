import { ApplicationFailure, Context } from '@temporalio/activity';
import { CorruptProgressError, lakeWatermark } from '../adapters/lake/watermark';
import { ETL_FAILURES } from '../domain/etl/contract';
import { HOUR_MS } from '../domain/hour';
import { parseHour } from '../domain/hour';
import type { EtlActivityDeps } from './index';

/** How often the sensor reads the lake's watermark: progress files change at each sink flush (about a minute). */
export const SENSOR_POLL_MS = 20_000;

/** What the sensor waits for, and until when. */
export interface LakeHourWait {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  /** When to give up (ISO time, fixed by the workflow so a retried attempt keeps the same deadline). */
  readonly deadline: string;
  readonly pollMs?: number;
}

/** One read of the watermark: how far the lake got, or why it could not be read. */
type Reading = { readonly watermarkMs: number | undefined; readonly seen: string } | { readonly error: Error; readonly seen: string };

async function readWatermark(lake: EtlActivityDeps['lake']): Promise<Reading> {
  try {
    const watermarkMs = await lakeWatermark(lake, 'transactions');
    return { watermarkMs, seen: watermarkMs === undefined ? 'no watermark yet' : `watermark ${new Date(watermarkMs).toISOString()}` };
  } catch (err) {
    // Rereading a corrupt file gives the same bytes: waiting cannot help, and an operator must repair or remove it.
    if (err instanceof CorruptProgressError) {
      throw ApplicationFailure.create({
        message: `${err.message}; repair or delete ${err.key} in the lake (the lake sink rewrites it at its next flush)`,
        type: ETL_FAILURES.corruptProgress,
        nonRetryable: true,
        details: [{ file: err.key }],
      });
    }
    // Anything else (the store unreachable, throttled) may pass: read again until the deadline.
    const error = err instanceof Error ? err : new Error(String(err));
    return { error, seen: `reading the watermark failed: ${error.message}` };
  }
}

/** The sensor of the hourly ETL. */
export function createEtlSensorActivities({ lake }: Pick<EtlActivityDeps, 'lake'>) {
  return {
    /**
     * Waits, heartbeating, until the lake's transactions watermark has passed the end of the hour, and resolves to
     * the watermark (ISO). The deadline holds whatever the reads do: reads that throw are tried again until it, and
     * at it the sensor fails for good with `LakeHourNotClosed`, naming how far the lake got or the last read's error.
     * A corrupt progress file fails for good at once (`LakeProgressCorrupt`), naming the file.
     */
    async waitForLakeHour({ hour, deadline, pollMs = SENSOR_POLL_MS }: LakeHourWait): Promise<string> {
      const hourEndMs = parseHour(hour) + HOUR_MS;
      const deadlineMs = Date.parse(deadline);
      const context = Context.current();
      for (;;) {
        const reading = await readWatermark(lake);
        context.heartbeat(reading.seen);
        if ('watermarkMs' in reading && reading.watermarkMs !== undefined && reading.watermarkMs >= hourEndMs) {
          return new Date(reading.watermarkMs).toISOString();
        }
        if (Date.now() >= deadlineMs) {
          throw ApplicationFailure.nonRetryable(
            `the lake did not close ${hour} by ${deadline}: ${reading.seen} in ${lake.url}, the hour ends ${new Date(hourEndMs).toISOString()}; is the lake sink running?`,
            ETL_FAILURES.hourNotClosed,
          );
        }
        // Context.sleep ends early when the activity is cancelled.
        await context.sleep(Math.min(pollMs, Math.max(deadlineMs - Date.now(), 0)));
      }
    },
  };
}
