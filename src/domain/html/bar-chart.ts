import { escapeHtml } from './escape';

/** One bar: what it stands for and its value (counts, amounts; never negative). */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** Width in SVG units of the longest bar; the others are in proportion to their values. */
export const BAR_MAX_WIDTH = 300;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 110;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 16;
const BAR_COLOUR = '#4a7bd0';

/** The note that stands instead of a chart with nothing to draw, so a page never shows NaN or an empty frame. */
export const NO_DATA = '<p class="no-data">no data</p>';

const svgNumber = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * A horizontal bar chart as inline SVG (no scripts, fonts or outside resources): one row per bar, its label on the
 * left and its value, written by `format`, after it. Bars without a finite positive value are drawn empty; no bars at
 * all give NO_DATA.
 */
export function barChartSvg(title: string, bars: readonly Bar[], format: (value: number) => string = String): string {
  if (bars.length === 0) return NO_DATA;
  const valueOf = (b: Bar): number => (Number.isFinite(b.value) && b.value > 0 ? b.value : 0);
  const max = Math.max(...bars.map(valueOf));
  const width = LABEL_WIDTH + BAR_MAX_WIDTH + VALUE_WIDTH;
  const height = bars.length * ROW_HEIGHT;
  const rows = bars.map((b, i) => {
    const y = i * ROW_HEIGHT;
    const barWidth = max > 0 ? (valueOf(b) / max) * BAR_MAX_WIDTH : 0;
    const textY = svgNumber(y + ROW_HEIGHT / 2 + 4);
    return (
      `<text x="${LABEL_WIDTH - 6}" y="${textY}" text-anchor="end">${escapeHtml(b.label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${svgNumber(y + (ROW_HEIGHT - BAR_HEIGHT) / 2)}" width="${svgNumber(barWidth)}" height="${BAR_HEIGHT}" fill="${BAR_COLOUR}"/>` +
      `<text x="${svgNumber(LABEL_WIDTH + barWidth + 6)}" y="${textY}">${escapeHtml(format(b.value))}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="system-ui, sans-serif" font-size="12" fill="#222">` +
    `<title>${escapeHtml(title)}</title>\n${rows.join('\n')}\n</svg>`
  );
}
