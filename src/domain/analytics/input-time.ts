import { eventTimeMs } from '../event-time';
import type { WindowInput } from './types';

/** The input's event time as it carries it: `timestamp`, or `event_time` for alerts. */
export function inputTimeText(input: WindowInput): string {
  return input.kind === 'alert' ? input.event.event_time : input.event.timestamp;
}

/** The input's event time in ms since the epoch; NaN when it does not parse. */
export function inputTimeMs(input: WindowInput): number {
  return eventTimeMs(inputTimeText(input));
}
