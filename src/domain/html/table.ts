import { escapeHtml } from './escape';

/** A plain HTML table, every cell escaped; "none" when there are no rows. */
export function htmlTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  if (rows.length === 0) return '<p>none</p>';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
