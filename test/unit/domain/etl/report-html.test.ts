import assert from 'node:assert/strict';
import type { EtlReport, HourSales } from '../../../../src/domain/etl/report';
import { etlReportHtml } from '../../../../src/domain/etl/report-html';
import { NO_DATA } from '../../../../src/domain/html';

const HOSTILE = '<script>alert("x")</script>';

function reportOf(sales: HourSales, failedChecks: string[] = []): EtlReport {
  return {
    hour: '2026-11-25T12',
    runId: 'hourly-etl-2026-11-25T12/run-1',
    startedAt: '2026-11-25T13:05:00.000Z',
    finishedAt: '2026-11-25T13:06:00.000Z',
    durationMs: 60_000,
    steps: { health: {}, sensor: {}, quality: {}, transform: { counts: { transactions: 3 } }, load: { counts: { RAW_TRANSACTIONS: 3 } } },
    quality: [
      {
        dataset: 'transactions',
        outcome: 'released',
        rows: 3,
        checks: { passed: 10, warned: 0, failed: 1 },
        failedChecks,
        warnedChecks: [],
      },
    ],
    transform: { hour: '2026-11-25T12', engine: 'duckdb', counts: { raw_transactions: 4, transactions: 3 }, outputs: {}, durationMs: 120 },
    load: { rows: { RAW_TRANSACTIONS: 3 }, durationMs: 80 },
    sales,
  };
}

const svgs = (html: string): string[] => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

describe('etlReportHtml', () => {
  it('charts revenue and orders by category and country and alerts by severity as inline SVG, with nothing from elsewhere', () => {
    const html = etlReportHtml(
      reportOf({
        byCategory: [
          { name: 'electronics', revenue: 2400.5, orders: 3 },
          { name: 'books', revenue: 1200.25, orders: 12 },
        ],
        byCountry: [{ name: 'US', revenue: 3600.75, orders: 15 }],
        alertsBySeverity: { HIGH: 2, CRITICAL: 1 },
      }),
    );
    assert.equal(svgs(html).length, 4);
    assert.match(html, /<title>revenue by category<\/title>[\s\S]*>electronics<\/text>[\s\S]*>2,400\.50<\/text>/);
    assert.match(html, /<title>orders by category<\/title>[\s\S]*>books<\/text>[\s\S]*>12<\/text>/);
    assert.match(html, /<title>fraud alerts by severity<\/title>[\s\S]*>HIGH<\/text>[\s\S]*>CRITICAL<\/text>/, 'severities in order');
    assert.match(html, /Revenue 3,600\.75 from 15 completed orders; 3 fraud alerts/);
    assert.doesNotMatch(html, /<(link|img|script)\b|src=|href=|url\(/, 'nothing loaded from elsewhere');
  });

  it('shows each step as done, running (the report) or pending, with its counts', () => {
    const html = etlReportHtml(reportOf({ byCategory: [], byCountry: [], alertsBySeverity: {} }));
    assert.match(html, /<td>load<\/td><td>done<\/td><td>RAW_TRANSACTIONS 3<\/td>/);
    assert.match(html, /<td>report<\/td><td>running<\/td>/);
    assert.match(html, /<td>retention<\/td><td>pending<\/td>/);
  });

  it('escapes hostile names of categories, countries and checks', () => {
    const html = etlReportHtml(
      reportOf(
        {
          byCategory: [{ name: HOSTILE, revenue: 1, orders: 1 }],
          byCountry: [{ name: HOSTILE, revenue: 1, orders: 1 }],
          alertsBySeverity: { [HOSTILE]: 1 },
        },
        [HOSTILE],
      ),
    );
    assert.doesNotMatch(html, /<script/);
    assert.equal(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').length - 1, 4 + 1, 'four charts and the failed check');
  });

  it('says "no data" for an hour that sold nothing and raised no alerts, never NaN', () => {
    const html = etlReportHtml(reportOf({ byCategory: [], byCountry: [], alertsBySeverity: {} }));
    assert.equal(svgs(html).length, 0);
    assert.equal(html.split(NO_DATA).length - 1, 4);
    assert.doesNotMatch(html, /NaN|Infinity|undefined/);
    assert.match(html, /Revenue 0\.00 from 0 completed orders; 0 fraud alerts/);
  });
});
