export { BAR_MAX_WIDTH, NO_DATA, barChartSvg, type Bar } from './bar-chart';
export { escapeHtml } from './escape';
export { lineChartSvg } from './line-chart';
export { htmlTable } from './table';
