/** An hour's row count against the same hour of day on earlier days. */
export interface VolumeStats {
  readonly mean: number;
  /** The sample standard deviation of the history. */
  readonly stdDev: number;
  /** How many deviations the count lies from the mean; negative for a drop. */
  readonly zScore: number;
}

/** Scores a row count against the trailing same-hour counts (at least two) by mean, deviation and z-score. */
export function volumeAnomaly(count: number, history: readonly number[]): VolumeStats {
  if (history.length < 2) throw new RangeError(`a volume baseline needs at least 2 counts, got ${history.length}`);
  if (![count, ...history].every((n) => Number.isFinite(n) && n >= 0)) throw new RangeError('row counts must be finite and non-negative');
  const mean = history.reduce((sum, n) => sum + n, 0) / history.length;
  const stdDev = Math.sqrt(history.reduce((sum, n) => sum + (n - mean) ** 2, 0) / (history.length - 1));
  // Counts of independent events vary by about √mean when nothing is wrong (Poisson), so a flat history must
  // not turn a handful of extra rows into an anomaly; the floor of 1 keeps an all-zero history finite.
  const spread = Math.max(stdDev, Math.sqrt(mean), 1);
  return { mean, stdDev, zScore: (count - mean) / spread };
}
