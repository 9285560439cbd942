import assert from 'node:assert/strict';
import type { HourKpis } from '../../../../src/domain/etl/kpi-metrics';
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

  it('shows the hour’s KPIs beside the previous hour’s and the same hour’s a day before, "-" for an hour not loaded', () => {
    const kpis = (hour: string, revenue: number, growth: number | null): HourKpis => ({
      hour,
      revenue,
      transactions: 10,
      avgOrderValue: revenue / 10,
      conversionRate: 0.25,
      fraudRate: 0.1,
      topCategory: HOSTILE,
      topProduct: 'Laptop',
      firstTimeCustomerShare: 0.5,
      revenueGrowthVsPreviousHour: growth,
      revenueGrowthVsDayBefore: null,
      transactionsPerMinute: 10 / 60,
    });
    const empty = { byCategory: [], byCountry: [], alertsBySeverity: {} };
    const html = etlReportHtml({
      ...reportOf(empty),
      kpis: { hour: kpis('2026-11-25T12', 1500, 0.5), previousHour: kpis('2026-11-25T11', 1000, null), dayBefore: null },
    });
    const table = /<h2>KPIs<\/h2>\s*<table>[\s\S]*?<\/table>/.exec(html)?.[0] ?? assert.fail('no KPI table');
    assert.match(
      table,
      /<th>this hour 2026-11-25T12:00<\/th><th>previous hour 2026-11-25T11:00<\/th><th>a day before \(not loaded\)<\/th>/,
    );
    assert.match(table, /<td>revenue<\/td><td>1,500.00<\/td><td>1,000.00<\/td><td>-<\/td>/);
    assert.match(table, /<td>revenue vs previous hour<\/td><td>\+50.0 %<\/td><td>-<\/td><td>-<\/td>/);
    assert.ok(!table.includes('<script>'), 'names are escaped');
    assert.ok(!etlReportHtml(reportOf(empty)).includes('<h2>KPIs</h2>'), 'an older report without KPIs shows no table');
  });

  it('draws revenue and conversion per window as lines, one point per window; an older report without windows has neither', () => {
    const windows = Array.from({ length: 360 }, (_, i) => ({
      start: new Date(Date.parse('2026-11-25T11:59:10Z') + i * 10_000).toISOString(),
      revenue: 100 + i,
      conversionRate: 0.1,
    }));
    const html = etlReportHtml(reportOf({ byCategory: [], byCountry: [], alertsBySeverity: {}, windows }));
    for (const title of ['revenue per window', 'conversion per window']) {
      const svg = new RegExp(`<svg[^>]*><title>${title}</title>[\\s\\S]*?</svg>`).exec(html)?.[0] ?? assert.fail(`no chart ${title}`);
      assert.equal((/points="([^"]*)"/.exec(svg)?.[1] ?? '').split(' ').length, 360);
      assert.match(svg, />11:59:10<\/text>.*>12:59:00<\/text>/);
    }
    assert.ok(!etlReportHtml(reportOf({ byCategory: [], byCountry: [], alertsBySeverity: {} })).includes('per window'));
  });
});
