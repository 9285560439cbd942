const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Whether the time has `-`, `-`, `:`, `:` and `.` where the canonical form has them. */
function canonicalSeparators(iso: string): boolean {
  return (
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(13) === 58 &&
    iso.charCodeAt(16) === 58 &&
    iso.charCodeAt(19) === 46
  );
}

/**
 * Epoch milliseconds of an ISO-8601 time. The canonical UTC form `YYYY-MM-DDTHH:MM:SS.mmmZ`, which every
 * producer here writes, is read directly (a hot path of the stream engines); any other form goes to Date.parse.
 */
export function eventTimeMs(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 /* Z */ || iso.charCodeAt(10) !== 84 /* T */) return Date.parse(iso);
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const ms = digits(iso, 20, 3);
  const hh = digits(iso, 11, 2);
  const mm = digits(iso, 14, 2);
  const ss = digits(iso, 17, 2);
  const odd = month < 1 || month > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 59 || !canonicalSeparators(iso);
  if (odd || Number.isNaN(year + month + day + hh + mm + ss + ms)) return Date.parse(iso);
  const leap = month > 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  const y = year - 1;
  const daysBeforeYear = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 719162;
  const days = daysBeforeYear + (DAYS_BEFORE_MONTH[month - 1] as number) + leap + day - 1;
  return ((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000 + ms;
}
