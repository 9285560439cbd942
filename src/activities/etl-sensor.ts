import { ApplicationFailure, Context } from '@temporalio/activity';
import { lakeWatermark } from '../adapters/lake/watermark';
import { ETL_FAILURES } from '../domain/etl/contract';
import { HOUR_MS } from '../domain/lake/layout';
import { parseHour } from '../domain/quality/gate';
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

/** The sensor of the hourly ETL. */
export function createEtlSensorActivities({ lake }: Pick<EtlActivityDeps, 'lake'>) {
  return {
    /**
     * Waits, heartbeating, until the lake's transactions watermark has passed the end of the hour, and resolves to
     * the watermark (ISO). At the deadline it fails for good with `LakeHourNotClosed`, naming how far the lake got.
     */
    async waitForLakeHour({ hour, deadline, pollMs = SENSOR_POLL_MS }: LakeHourWait): Promise<string> {
      const hourEndMs = parseHour(hour) + HOUR_MS;
      const deadlineMs = Date.parse(deadline);
      const context = Context.current();
      for (;;) {
        const watermarkMs = await lakeWatermark(lake, 'transactions');
        const reached = watermarkMs === undefined ? 'no watermark yet' : `watermark ${new Date(watermarkMs).toISOString()}`;
        context.heartbeat(reached);
        if (watermarkMs !== undefined && watermarkMs >= hourEndMs) return new Date(watermarkMs).toISOString();
        if (Date.now() >= deadlineMs) {
          throw ApplicationFailure.nonRetryable(
            `the lake did not close ${hour} by ${deadline}: ${reached} in ${lake.url}, the hour ends ${new Date(hourEndMs).toISOString()}; is the lake sink running?`,
            ETL_FAILURES.hourNotClosed,
          );
        }
        // Context.sleep ends early when the activity is cancelled.
        await context.sleep(Math.min(pollMs, Math.max(deadlineMs - Date.now(), 0)));
      }
    },
  };
}
