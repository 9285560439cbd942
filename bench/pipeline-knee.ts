/** One sample of a pipeline step: each consumer group's lag and the messages its input topics hold. */
export interface KneeSample {
  /** Since the start of the step. */
  readonly elapsedMs: number;
  readonly groups: Readonly<Record<string, { readonly lag: number; readonly input: number }>>;
}

export interface StepLimits {
  /** Samples before this are the step's settling (the new rate's first burst) and are not judged. */
  readonly settleMs: number;
  /** A group holds the rate when every judged sample's lag is at most this many seconds of its input. */
  readonly maxLagSeconds: number;
  /** The producer must reach this share of the step's rate, or the step proves nothing about the consumers. */
  readonly minRateShare: number;
}

/** Whether every consumer group held one step's rate, and each group's worst lag in seconds of its own input. */
export interface StepVerdict {
  readonly held: boolean;
  readonly worstLagSeconds: Readonly<Record<string, number>>;
  readonly reasons: readonly string[];
}

/**
 * Judges one step: a group's lag in seconds is its lag in messages over the rate its own topics grew at during the
 * judged samples (the fraud group reads purchases only, a small share of all events). The step is held when every
 * judged sample of every group is within maxLagSeconds and the producer reached minRateShare of the rate asked.
 * Fewer than two judged samples fail: no rate can be told.
 */
export function judgeStep(samples: readonly KneeSample[], rate: number, producedPerSecond: number, limits: StepLimits): StepVerdict {
  const judged = samples.filter((s) => s.elapsedMs >= limits.settleMs);
  const first = judged[0];
  const last = judged[judged.length - 1];
  if (first === undefined || last === undefined || judged.length < 2)
    return { held: false, worstLagSeconds: {}, reasons: [`${judged.length} samples after settling; at least 2 are needed`] };
  const reasons: string[] = [];
  if (producedPerSecond < limits.minRateShare * rate)
    reasons.push(`the producer reached ${Math.round(producedPerSecond)} events/s of the ${rate} asked`);
  const worstLagSeconds: Record<string, number> = {};
  const seconds = (last.elapsedMs - first.elapsedMs) / 1000;
  for (const group of Object.keys(first.groups)) {
    const inputPerSecond = ((last.groups[group]?.input ?? 0) - (first.groups[group]?.input ?? 0)) / seconds;
    const worstLag = Math.max(...judged.map((s) => s.groups[group]?.lag ?? Infinity));
    const worst = inputPerSecond > 0 ? worstLag / inputPerSecond : worstLag === 0 ? 0 : Infinity;
    worstLagSeconds[group] = worst;
    if (worst > limits.maxLagSeconds)
      reasons.push(`${group} fell ${worst.toFixed(1)} s behind its input (limit ${limits.maxLagSeconds} s)`);
  }
  return { held: reasons.length === 0, worstLagSeconds, reasons };
}

/**
 * The knee: the highest rate of the steps held one after the other from the lowest (a step held after a failed one
 * does not count: the pipeline had already fallen behind). Undefined when the lowest step failed.
 */
export function kneeOf(steps: ReadonlyArray<{ readonly rate: number; readonly held: boolean }>): number | undefined {
  let knee: number | undefined;
  for (const step of [...steps].sort((a, b) => a.rate - b.rate)) {
    if (!step.held) break;
    knee = step.rate;
  }
  return knee;
}
