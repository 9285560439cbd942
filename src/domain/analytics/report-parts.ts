import type { PaneReport } from './pane-builder';
import type { PaneSnapshot } from './snapshot';

/** The JSON of a report, as the pane topic carries it; its length in UTF-8 bytes. */
const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** What a report takes besides its panes (source, watermark, late counts), with room for its envelope. */
const ENVELOPE_BYTES = 256;

/**
 * A report cut into reports whose panes take at most maxBytes of JSON each, in pane order: a partition that
 * catches up on a backlog finishes hundreds of panes at once, and one report of them all can outgrow what the
 * broker takes. Only the last part carries the report's watermark; each earlier one carries at most the start
 * of the next part's first pane, so that the window stage closes no window before all of its panes are in.
 * The late counts travel in the first part. A single pane above maxBytes is a part of its own.
 */
export function splitReport(report: PaneReport, slideMs: number, maxBytes: number): PaneReport[] {
  if (report.panes.length <= 1 || jsonBytes(report) <= maxBytes) return [report];
  const runs: PaneSnapshot[][] = [];
  let run: PaneSnapshot[] = [];
  let bytes = ENVELOPE_BYTES + jsonBytes(report.late);
  for (const pane of [...report.panes].sort((a, b) => a.index - b.index)) {
    const size = jsonBytes(pane) + 1;
    if (run.length > 0 && bytes + size > maxBytes) {
      runs.push(run);
      run = [];
      bytes = ENVELOPE_BYTES;
    }
    run.push(pane);
    bytes += size;
  }
  runs.push(run);
  return runs.map((panes, i) => {
    const next = runs[i + 1]?.[0];
    const watermarkMs = next === undefined ? report.watermarkMs : Math.min(report.watermarkMs, next.index * slideMs);
    return { source: report.source, watermarkMs, panes, late: i === 0 ? report.late : [] };
  });
}
