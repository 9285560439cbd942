import { NO_DATA } from './bar-chart';
import { escapeHtml } from './escape';

/** Size in SVG units of the plot area; the axis labels sit around it. */
const PLOT_WIDTH = 540;
const PLOT_HEIGHT = 120;
const MARGIN_LEFT = 70;
const MARGIN_BOTTOM = 20;
const LINE_COLOUR = '#4a7bd0';

const svgNumber = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * A line through values at equal steps (e.g. one per window, in time order) as inline SVG: no scripts, fonts or outside
 * resources. The vertical axis runs from 0 to the largest value, labelled by `format`; `first` and `last` label the ends
 * of the horizontal one. Values that are not finite count as 0; no values give NO_DATA.
 */
export function lineChartSvg(
  title: string,
  values: readonly number[],
  labels: { readonly first: string; readonly last: string },
  format: (value: number) => string = String,
): string {
  if (values.length === 0) return NO_DATA;
  const finite = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(...finite);
  const step = finite.length > 1 ? PLOT_WIDTH / (finite.length - 1) : 0;
  const y = (v: number): number => PLOT_HEIGHT - (max > 0 ? (v / max) * PLOT_HEIGHT : 0);
  const points = finite.map((v, i) => `${svgNumber(MARGIN_LEFT + i * step)},${svgNumber(y(v))}`).join(' ');
  const width = MARGIN_LEFT + PLOT_WIDTH + 10;
  const height = PLOT_HEIGHT + MARGIN_BOTTOM;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" viewBox="0 -6 ${width} ${height + 6}" ` +
    `font-family="system-ui, sans-serif" font-size="12" fill="#222">` +
    `<title>${escapeHtml(title)}</title>\n` +
    `<text x="${MARGIN_LEFT - 6}" y="6" text-anchor="end">${escapeHtml(format(max))}</text>` +
    `<text x="${MARGIN_LEFT - 6}" y="${PLOT_HEIGHT}" text-anchor="end">${escapeHtml(format(0))}</text>\n` +
    `<line x1="${MARGIN_LEFT}" y1="${PLOT_HEIGHT}" x2="${MARGIN_LEFT + PLOT_WIDTH}" y2="${PLOT_HEIGHT}" stroke="#ccc"/>\n` +
    `<polyline points="${points}" fill="none" stroke="${LINE_COLOUR}" stroke-width="1.5"/>\n` +
    `<text x="${MARGIN_LEFT}" y="${height - 4}">${escapeHtml(labels.first)}</text>` +
    `<text x="${MARGIN_LEFT + PLOT_WIDTH}" y="${height - 4}" text-anchor="end">${escapeHtml(labels.last)}</text>\n</svg>`
  );
}
