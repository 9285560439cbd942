import { createHash } from 'node:crypto';

/**
 * The dashboard page: one self-contained document (no external scripts, styles or fonts), drawing its charts as
 * SVG from the view the server pushes over server-sent events.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Streamify — live</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #0f172a; color: #e2e8f0; }
  header { padding: 12px 20px; background: #1e293b; display: flex; justify-content: space-between; align-items: baseline; }
  h1 { font-size: 18px; margin: 0; }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; padding: 16px 20px; }
  section { background: #1e293b; border-radius: 8px; padding: 12px 16px; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #94a3b8; margin: 0 0 8px; }
  .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
  .tile b { display: block; font-size: 22px; color: #f8fafc; }
  .tile span { color: #94a3b8; font-size: 12px; }
  svg { width: 100%; height: 140px; }
  table { width: 100%; border-collapse: collapse; }
  td, th { text-align: left; padding: 2px 4px; border-bottom: 1px solid #334155; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  #status.live { color: #4ade80; } #status.down { color: #f87171; }
  .wide { grid-column: 1 / -1; }
</style>
</head>
<body>
<header><h1>Streamify — live</h1><span id="status" class="down">connecting…</span></header>
<main>
  <section class="wide">
    <h2>Latest closed window <span id="window"></span></h2>
    <div class="tiles">
      <div class="tile"><b id="revenue">–</b><span>revenue</span></div>
      <div class="tile"><b id="orders">–</b><span>orders</span></div>
      <div class="tile"><b id="aov">–</b><span>average order value</span></div>
      <div class="tile"><b id="conversion">–</b><span>conversion</span></div>
    </div>
  </section>
  <section><h2>Revenue per window</h2><svg id="revenue-chart" viewBox="0 0 300 100" preserveAspectRatio="none"></svg></section>
  <section><h2>Conversion per window</h2><svg id="conversion-chart" viewBox="0 0 300 100" preserveAspectRatio="none"></svg></section>
  <section><h2>Alerts by severity</h2><svg id="alerts-chart" viewBox="0 0 300 100" preserveAspectRatio="none"></svg><div id="alerts-legend"></div></section>
  <section><h2>Sales by country (latest window)</h2><table><tbody id="countries"></tbody></table></section>
  <section><h2>Sales by city (latest window)</h2><table><tbody id="cities"></tbody></table></section>
  <section><h2>Top products (latest window)</h2><table><tbody id="products"></tbody></table></section>
  <section><h2>Open incidents</h2><table><tbody id="incidents"><tr><td>none</td></tr></tbody></table></section>
  <section class="wide"><h2>Revenue per hour, last 24 hours (warehouse KPI_METRICS)</h2><svg id="kpi-chart" viewBox="0 0 300 100" preserveAspectRatio="none"></svg><div id="kpi-legend">no hour loaded yet</div></section>
</main>
<script>
  const money = (n) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  const svgNs = 'http://www.w3.org/2000/svg';
  const el = (id) => document.getElementById(id);
  function line(svg, values) {
    svg.replaceChildren();
    if (values.length === 0) return;
    const max = Math.max(...values, 1e-9);
    const step = values.length > 1 ? 300 / (values.length - 1) : 0;
    const points = values.map((v, i) => (i * step).toFixed(1) + ',' + (100 - (v / max) * 95).toFixed(1)).join(' ');
    const polyline = document.createElementNS(svgNs, 'polyline');
    polyline.setAttribute('points', points);
    polyline.setAttribute('fill', 'none');
    polyline.setAttribute('stroke', '#38bdf8');
    polyline.setAttribute('stroke-width', '2');
    polyline.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.appendChild(polyline);
  }
  function bars(svg, entries) {
    svg.replaceChildren();
    const max = Math.max(...entries.map(([, v]) => v), 1);
    const width = 300 / entries.length;
    entries.forEach(([name, v], i) => {
      const rect = document.createElementNS(svgNs, 'rect');
      const h = (v / max) * 95;
      rect.setAttribute('x', String(i * width + 4));
      rect.setAttribute('y', String(100 - h));
      rect.setAttribute('width', String(width - 8));
      rect.setAttribute('height', String(h));
      rect.setAttribute('fill', ['#64748b', '#facc15', '#fb923c', '#ef4444'][i] || '#38bdf8');
      rect.dataset.name = name;
      rect.dataset.value = String(v);
      svg.appendChild(rect);
    });
  }
  function rows(tbody, list, cells) {
    tbody.replaceChildren(...list.map((item) => {
      const tr = document.createElement('tr');
      cells(item).forEach(([text, numeric]) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (numeric) td.className = 'n';
        tr.appendChild(td);
      });
      return tr;
    }));
  }
  function render(view) {
    const latest = view.windows[view.windows.length - 1];
    if (latest) {
      el('window').textContent = latest.window_start.slice(11, 19) + '–' + latest.window_end.slice(11, 19) + ' UTC';
      el('revenue').textContent = money(latest.revenue);
      el('orders').textContent = latest.transactions.toLocaleString('en-US');
      el('aov').textContent = money(latest.avg_order_value);
      el('conversion').textContent = (latest.conversion_rate * 100).toFixed(1) + '%';
      const place = (c) => [[c.name], [money(c.revenue), true], [String(c.transactions), true]];
      rows(el('countries'), latest.by_country.slice(0, 10), place);
      rows(el('cities'), latest.by_city.slice(0, 10), place);
      rows(el('products'), latest.top_products.slice(0, 10), (p) => [[p.product_name], [money(p.revenue), true], [String(p.units), true]]);
    }
    line(el('revenue-chart'), view.windows.map((w) => w.revenue));
    line(el('conversion-chart'), view.windows.map((w) => w.conversion_rate));
    const severities = Object.entries(view.alertsBySeverity);
    bars(el('alerts-chart'), severities);
    el('alerts-legend').textContent = severities.map(([s, n]) => s + ' ' + n).join('  ·  ');
    // An emptied list shows "none" again rather than the incidents it last had.
    if (view.incidents.length > 0) rows(el('incidents'), view.incidents, (i) => [[i.key], [i.status], [i.startedAt.slice(0, 19).replace('T', ' ')]]);
    else rows(el('incidents'), [null], () => [['none']]);
    line(el('kpi-chart'), view.kpis.map((k) => k.revenue));
    const lastKpi = view.kpis[view.kpis.length - 1];
    el('kpi-legend').textContent = lastKpi
      ? view.kpis.length + ' hours; ' + lastKpi.hour + ' UTC: ' + money(lastKpi.revenue) + ', ' + lastKpi.transactions.toLocaleString('en-US') + ' orders, conversion ' + (lastKpi.conversionRate * 100).toFixed(1) + '%'
      : 'no hour loaded yet';
    el('status').textContent = 'live · updated ' + view.updatedAt.slice(11, 19) + ' UTC';
  }
  const source = new EventSource('events');
  source.addEventListener('view', (e) => { el('status').className = 'live'; render(JSON.parse(e.data)); });
  source.onerror = () => { el('status').className = 'down'; el('status').textContent = 'disconnected, retrying…'; };
</script>
</body>
</html>
`;

/** The CSP source of an inline element's text: its SHA-256, so only this page's own script and style run. */
function inlineHash(tag: 'script' | 'style'): string {
  const text = DASHBOARD_PAGE.slice(DASHBOARD_PAGE.indexOf(`<${tag}>`) + tag.length + 2, DASHBOARD_PAGE.indexOf(`</${tag}>`));
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing but its own inline script and style (by hash) and its own event stream;
 * no framing, no forms, no base changes.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${inlineHash('script')}`,
  `style-src ${inlineHash('style')}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
