import assert from 'node:assert/strict';
import { PaneBuilder, validatePaneRecord } from '../../../../src/domain/analytics';
import { activity, purchase } from './inputs';

const SLIDE_MS = 10_000;

/** A report as the pane stage writes it, through JSON as the topic carries it. */
function writtenReport(): unknown {
  const builder = new PaneBuilder('sales/0', SLIDE_MS, 0);
  builder.add(activity(1000, 's-1'));
  builder.add(purchase(2000, { session_id: 's-1' }));
  const report = builder.add(purchase(30_000)).report;
  assert.ok(report !== undefined && report.panes.length > 0);
  return JSON.parse(JSON.stringify({ kind: 'report', report }));
}

describe('validatePaneRecord: what the window stage takes from the pane topic', () => {
  it('takes a report and an emitted note as the pane stage writes them', () => {
    const report = writtenReport();
    assert.deepEqual(validatePaneRecord(report), { ok: true, value: report });
    assert.deepEqual(validatePaneRecord({ kind: 'emitted', throughStartMs: 1_764_072_000_000 }), {
      ok: true,
      value: { kind: 'emitted', throughStartMs: 1_764_072_000_000 },
    });
  });

  const refused: [string, unknown, RegExp][] = [
    ['a report without its fields', { kind: 'report', report: {} }, /report\.source/],
    [
      'a watermark that is not a number',
      { kind: 'report', report: { source: 's', watermarkMs: 'soon', panes: [], late: [] } },
      /report\.watermarkMs/,
    ],
    [
      'a watermark past any date',
      { kind: 'report', report: { source: 's', watermarkMs: 1e300, panes: [], late: [] } },
      /report\.watermarkMs/,
    ],
    [
      'a pane without its counts',
      { kind: 'report', report: { source: 's', watermarkMs: 1, panes: [{ index: 1 }], late: [] } },
      /report\.panes\.0\./,
    ],
    [
      'a negative late count',
      { kind: 'report', report: { source: 's', watermarkMs: 1, panes: [], late: [{ pane: 1, count: -5 }] } },
      /report\.late\.0\.count/,
    ],
    ['an emitted note without its time', { kind: 'emitted', throughStartMs: null }, /throughStartMs/],
    ['another kind', { kind: 'other' }, /kind/],
    ['an array', [], /\(root\)|kind/],
    ['null', null, /\(root\)|kind/],
  ];
  for (const [name, input, reason] of refused) {
    it(`refuses ${name}, naming the field`, () => {
      const v = validatePaneRecord(input);
      assert.equal(v.ok, false);
      assert.match(v.ok ? '' : v.reason, reason);
    });
  }

  it('refuses a pane whose tally is not one', () => {
    const record = writtenReport() as { report: { panes: { categories: unknown[] }[] } };
    record.report.panes[0]!.categories = [['electronics', { revenueCents: '1000', units: 1, transactions: 1 }]];
    const v = validatePaneRecord(record);
    assert.match(v.ok ? '' : v.reason, /report\.panes\.0\.categories\.0\.1\.revenueCents/);
  });
});
