/** One sample of a soak run: the consumer process's resident memory and each input group's lag. */
export interface SoakSample {
  /** Since the start of production. */
  readonly elapsedMs: number;
  readonly rssBytes: number;
  /** Messages each consumer group has yet to read, by group. */
  readonly lag: Readonly<Record<string, number>>;
}

export interface SoakLimits {
  /** Samples before this are the warm-up (JIT, heap sizing, per-user state filling up) and are not judged. */
  readonly warmUpMs: number;
  /** Largest allowed growth of the mean RSS from the first to the last third of the judged samples. */
  readonly maxRssGrowth: number;
  /** Messages by which a group's mean lag may rise from the first to the last third (flushes make lag saw). */
  readonly lagSlack: number;
}

/** What a soak run showed, and whether it passes. */
export interface SoakVerdict {
  readonly pass: boolean;
  readonly rssGrowth: number;
  readonly lag: ReadonlyArray<{ group: string; firstThird: number; lastThird: number; pass: boolean }>;
  readonly reasons: readonly string[];
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Judges the samples after the warm-up in thirds: memory is flat when the last third's mean RSS is within
 * maxRssGrowth of the first third's, and a group keeps up when its last third's mean lag exceeds the first's by at
 * most lagSlack. Fewer than three judged samples fail: there is nothing to compare.
 */
export function soakVerdict(samples: readonly SoakSample[], limits: SoakLimits): SoakVerdict {
  const judged = samples.filter((s) => s.elapsedMs >= limits.warmUpMs);
  if (judged.length < 3) {
    return { pass: false, rssGrowth: NaN, lag: [], reasons: [`${judged.length} samples after the warm-up; at least 3 are needed`] };
  }
  const third = Math.floor(judged.length / 3);
  const first = judged.slice(0, third);
  const last = judged.slice(judged.length - third);
  const rssGrowth = mean(last.map((s) => s.rssBytes)) / mean(first.map((s) => s.rssBytes)) - 1;
  const reasons: string[] = [];
  if (rssGrowth >= limits.maxRssGrowth)
    reasons.push(`RSS grew ${(rssGrowth * 100).toFixed(1)}% after the warm-up (limit ${(limits.maxRssGrowth * 100).toFixed(0)}%)`);
  const lag = Object.keys(judged[0]!.lag).map((group) => {
    const firstThird = mean(first.map((s) => s.lag[group] ?? 0));
    const lastThird = mean(last.map((s) => s.lag[group] ?? 0));
    const pass = lastThird <= firstThird + limits.lagSlack;
    if (!pass) reasons.push(`lag of ${group} grew from ${Math.round(firstThird)} to ${Math.round(lastThird)} (slack ${limits.lagSlack})`);
    return { group, firstThird, lastThird, pass };
  });
  return { pass: reasons.length === 0, rssGrowth, lag, reasons };
}
