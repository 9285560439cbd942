import assert from 'node:assert/strict';
import { BaselineAccumulator, compareWithBaseline, escalationsOf, reportHtml, summariseWindow } from '../../../../src/domain/monitoring';
import { alertAt } from './alerts';

const WINDOW_END = '2026-11-25T12:15:00.000Z';
const T = Date.parse('2026-11-25T12:10:00Z');

describe('reportHtml', () => {
  it('is one self-contained page that escapes what alerts carry', () => {
    const window = summariseWindow([alertAt(T, { user_id: '<script>alert(1)</script>', severity: 'CRITICAL' })]);
    const baseline = new BaselineAccumulator(T - 86_400_000).result(true);
    const comparison = compareWithBaseline(window, baseline, { sigmas: 3, minAlerts: 20 });
    const html = reportHtml({
      windowStart: '2026-11-25T12:00:00.000Z',
      windowEnd: WINDOW_END,
      window,
      baseline,
      comparison,
      escalations: escalationsOf(WINDOW_END, window, comparison, { criticalAlerts: 10, userAlerts: 1 }),
      invalidRecords: 0,
      generatedAt: WINDOW_END,
    });
    assert.ok(!html.includes('<script>'), 'user text is escaped');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<(link|img|script)\b|src=|href=/, 'nothing loaded from elsewhere');
    assert.match(html, /high_amount/);
  });
});
