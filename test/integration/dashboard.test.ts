import assert from 'node:assert/strict';
import { request } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createKafka } from '../../src/adapters/kafka/client';
import { startDashboard, type DashboardServer } from '../../src/dashboard/server';
import type { WindowResult } from '../../src/domain/analytics';
import type { IncidentView, KpiPoint } from '../../src/domain/dashboard';
import type { Alert } from '../../src/domain/events/schema';
import { findChromium } from '../support/chromium';
import { testConfig, testLogger } from '../support/config';
import { freshTopics } from '../support/kafka';

function windowResult(start: string, revenue: number, transactions: number): WindowResult {
  return {
    window_start: start,
    window_end: new Date(Date.parse(start) + 60_000).toISOString(),
    revenue,
    transactions,
    avg_order_value: Math.round((revenue / transactions) * 100) / 100,
    sessions: 40,
    converted_sessions: 10,
    conversion_rate: 0.25,
    top_categories: [],
    top_categories_by_units: [],
    top_products: [],
    top_products_by_units: [],
    by_country: [{ name: 'US', revenue, transactions }],
    by_city: [],
    payment_methods: [],
    alerts: 1,
    alert_rate: 1 / transactions,
    late_events: 0,
  };
}

const alert = (id: string, severity: Alert['severity']): Alert => ({
  alert_id: id,
  transaction_id: `t-${id}`,
  user_id: 'u-000001',
  rules: ['high_amount'],
  score: 0.9,
  severity,
  reasons: ['amount 2500.00 > 2000.00'],
  event_time: '2026-11-25T12:00:01.000Z',
  detected_at: '2026-11-25T12:00:01.050Z',
  rules_version: 1,
});

describe('live dashboard in headless Chromium', function () {
  this.timeout(120_000);
  const kafka = createKafka(testConfig());
  let browser: Browser;
  let dashboard: DashboardServer;
  let page: Page;
  let topics: { analytics: string; fraud: string };
  let incidents: IncidentView[] = [{ key: 'critical-burst:test', status: 'open', startedAt: '2026-11-25T12:15:00.000Z' }];
  const KPIS: KpiPoint[] = ['2026-11-25T10', '2026-11-25T11', '2026-11-25T12'].map((hour, i) => ({
    hour,
    revenue: 1000 * (i + 1),
    transactions: 10 * (i + 1),
    conversionRate: 0.2,
  }));

  before(async () => {
    const [analytics, fraud] = (await freshTopics(kafka, ['analytics', 'alerts'])) as [string, string];
    topics = { analytics, fraud };
    dashboard = await startDashboard({
      kafka,
      topics,
      port: 0,
      log: testLogger(),
      listIncidents: async () => incidents,
      incidentsEveryMs: 200,
      listKpis: async () => KPIS,
      kpisEveryMs: 200,
    });
    const executablePath = findChromium();
    if (executablePath === undefined) throw new Error('no Chromium: npm test says what to install');
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  const send = async (topic: string, values: unknown[]): Promise<void> => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((v) => ({ value: JSON.stringify(v) })) });
    await producer.disconnect();
  };

  it('renders the windows, alerts and incidents as they arrive, without a reload', async () => {
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(dashboard.url);
    await page.waitForSelector('#status.live');
    assert.equal(await page.locator('script[src], link[rel=stylesheet]').count(), 0, 'no external assets');

    await send(topics.analytics, [windowResult('2026-11-25T12:00:00.000Z', 1234.56, 12)]);
    await send(topics.fraud, [alert('a1', 'CRITICAL'), alert('a2', 'HIGH')]);
    await page.locator('#revenue', { hasText: /^\$1,234\.56$/ }).waitFor();
    assert.equal(await page.textContent('#orders'), '12');
    assert.equal(await page.textContent('#conversion'), '25.0%');
    await page.locator('#alerts-chart rect[data-name="CRITICAL"][data-value="1"]').waitFor();
    assert.match((await page.textContent('#incidents')) ?? '', /critical-burst:test/);

    await send(topics.analytics, [windowResult('2026-11-25T12:00:10.000Z', 2000, 20)]);
    await page.locator('#revenue', { hasText: /^\$2,000\.00$/ }).waitFor();
    const points = await page.getAttribute('#revenue-chart polyline', 'points');
    assert.equal(points?.split(' ').length, 2, 'the revenue chart has a point per window');
    assert.deepEqual(refused, [], 'the page runs under its own Content-Security-Policy');
  });

  it('charts the last day of KPI_METRICS, and an incident list that empties shows none again', async () => {
    await page.goto(dashboard.url);
    await page.locator('#kpi-legend', { hasText: /^3 hours; 2026-11-25T12 UTC: \$3,000\.00, 30 orders, conversion 20\.0%$/ }).waitFor();
    assert.equal((await page.getAttribute('#kpi-chart polyline', 'points'))?.split(' ').length, 3, 'a point per hour');
    await page.locator('#incidents', { hasText: 'critical-burst:test' }).waitFor();
    incidents = [];
    await page.locator('#incidents tr', { hasText: /^none$/ }).waitFor();
    assert.equal(await page.locator('#incidents tr').count(), 1);
  });

  it('skips malformed analytics and alert records, logging why, and goes on with the next', async () => {
    await page.goto(dashboard.url);
    const malformed = [{ ...windowResult('2026-11-25T12:00:20.000Z', 1, 1), window_start: 12345 }, { by_country: 'x' }, 'not an object'];
    await send(topics.analytics, malformed);
    await send(topics.fraud, [{ alert_id: 7 }]);
    await send(topics.analytics, [windowResult('2026-11-25T12:00:30.000Z', 777.77, 7)]);
    await page.locator('#revenue', { hasText: /^\$777\.77$/ }).waitFor();
    const view = (await (await fetch(new URL('view.json', dashboard.url))).json()) as { windows: { window_start: unknown }[] };
    assert.ok(
      view.windows.every((w) => typeof w.window_start === 'string'),
      'no malformed window in the view',
    );
  });

  it('shows a product name, city, country or incident that is markup as text, creating no element from it', async () => {
    const markup = '<img src=x onerror="document.title=\'ran\'">';
    await page.goto(dashboard.url);
    incidents = [{ key: markup, status: 'open', startedAt: '2026-11-25T12:15:00.000Z' }];
    const place = { name: markup, revenue: 88.88, transactions: 1 };
    await send(topics.analytics, [
      {
        ...windowResult('2026-11-25T12:00:40.000Z', 88.88, 1),
        by_country: [place],
        by_city: [place],
        top_products: [{ product_id: 'p-1', product_name: markup, revenue: 88.88, units: 1 }],
      },
    ]);
    await page.locator('#revenue', { hasText: /^\$88\.88$/ }).waitFor();
    await page.locator('#incidents td', { hasText: markup }).waitFor();
    for (const table of ['#countries', '#cities', '#products']) assert.equal(await page.textContent(`${table} td`), markup, table);
    assert.equal(await page.locator('img').count(), 0, 'no element made of the markup');
    assert.notEqual(await page.title(), 'ran');
  });

  it('answers only to its own host names, with a CSP, nosniff, no referrer and no framing', async () => {
    const { port } = new URL(dashboard.url);
    const answer = (host: string) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/view.json', headers: { host } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
        })
          .on('error', reject)
          .end();
      });
    // What a DNS-rebinding page sends: its own name, resolved to 127.0.0.1.
    assert.equal((await answer('attacker.example:80')).status, 421);
    assert.equal((await answer(`attacker.example:${port}`)).status, 421);
    const own = await answer(`localhost:${port}`);
    assert.equal(own.status, 200);
    assert.match(String(own.headers['content-security-policy']), /default-src 'none'; script-src 'sha256-[^']+'.*frame-ancestors 'none'/);
    assert.deepEqual([own.headers['x-content-type-options'], own.headers['referrer-policy']], ['nosniff', 'no-referrer']);
  });
});
