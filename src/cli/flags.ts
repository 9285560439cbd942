import { InvalidArgumentError } from 'commander';
import { parseDurationMs } from '../domain/duration';
import { parseHour } from '../domain/hour';

/** A commander parser from a domain parser: its error becomes the flag's error, in its own words. */
function flagParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

/** A duration flag (30s, 5m, 1h30m) in milliseconds. */
export const durationFlag = flagParser(parseDurationMs);

/** An hour flag, `YYYY-MM-DDTHH` in UTC, kept as written once it is valid. */
export const hourFlag = flagParser((value: string): string => {
  parseHour(value);
  return value;
});
