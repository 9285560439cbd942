import assert from 'node:assert/strict';
import { PaneBuilder, splitReport, WindowMerger, type PaneReport, type WindowResult } from '../../../../src/domain/analytics';
import { T0, activity, purchase } from './inputs';

const SLIDE_MS = 10_000;
const HOUR_MS = 3_600_000;

/**
 * One partition that finishes an hour of panes at once: with an hour of allowed lateness its watermark stays
 * behind every pane until an input an hour ahead of them all passes them in one step.
 */
function backlogReport(): PaneReport {
  const builder = new PaneBuilder('sales/0', SLIDE_MS, HOUR_MS);
  for (let t = 0; t < HOUR_MS; t += 1000) {
    builder.add(activity(t, `s-${t % 7919}`));
    builder.add(purchase(t + 500, { transaction_id: `t-${t}`, product_id: `p-${t % 997}`, session_id: `s-${t % 7919}` }));
  }
  return builder.add(purchase(2 * HOUR_MS + 60_000, { status: 'failed' })).report!;
}

/** The windows a merger emits from the reports of one partition, then from processing time passing. */
function windowsOf(reports: readonly PaneReport[]): WindowResult[] {
  const merger = new WindowMerger({ slideMs: SLIDE_MS });
  const out: WindowResult[] = [];
  for (const r of reports) out.push(...merger.add(JSON.parse(JSON.stringify(r)) as PaneReport, T0));
  return out;
}

describe('splitReport: a catching-up partition’s report cut to a size', () => {
  it('leaves a report that fits as it is', () => {
    const report = backlogReport();
    assert.deepEqual(splitReport(report, SLIDE_MS, Infinity), [report]);
  });

  it('cuts an hour of panes into parts under the bound, which the window stage merges into the very same windows', () => {
    const report = backlogReport();
    const wholeBytes = Buffer.byteLength(JSON.stringify(report));
    const maxBytes = 16 * 1024;
    assert.ok(report.panes.length >= 360, `an hour of panes in one report (${report.panes.length})`);
    assert.ok(wholeBytes > 10 * maxBytes, `the whole report is large (${wholeBytes} bytes)`);

    const parts = splitReport(report, SLIDE_MS, maxBytes);
    assert.ok(parts.length > 10, `${parts.length} parts`);
    for (const p of parts) assert.ok(Buffer.byteLength(JSON.stringify(p)) <= maxBytes, 'each part fits');
    assert.deepEqual(
      parts.flatMap((p) => p.panes),
      report.panes,
      'every pane once, in order',
    );
    assert.equal(parts.at(-1)!.watermarkMs, report.watermarkMs, 'the last part carries the watermark');

    const expected = windowsOf([report]);
    assert.ok(expected.length >= 360, `windows over the hour (${expected.length})`);
    assert.deepEqual(windowsOf(parts), expected);
  });

  it('closes no window before the part that holds its last pane', () => {
    const parts = splitReport(backlogReport(), SLIDE_MS, 16 * 1024);
    const merger = new WindowMerger({ slideMs: SLIDE_MS });
    const seen = new Set<number>();
    for (const part of parts) {
      for (const p of part.panes) seen.add(p.index);
      for (const w of merger.add(part, T0)) {
        const first = Date.parse(w.window_start) / SLIDE_MS;
        for (let p = first; p < first + 6; p++) {
          const inTheHour = p * SLIDE_MS >= T0 && p * SLIDE_MS < T0 + HOUR_MS;
          assert.ok(!inTheHour || seen.has(p), `pane ${p} in before ${w.window_start}`);
        }
      }
    }
  });

  it('puts a pane larger than the bound in a part of its own', () => {
    const report = backlogReport();
    const parts = splitReport(report, SLIDE_MS, 10);
    assert.equal(parts.length, report.panes.length);
    assert.ok(parts.every((p) => p.panes.length === 1));
  });
});
