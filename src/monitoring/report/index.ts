/**
 * What a drift or monitoring report looks like: the HTML pages, their SVG charts, the heat map
 * and the text summary.
 */
export { type DriftHtmlOptions, renderDriftHtml } from './drift-html.js';
export { featuresByDrift, MAX_COLUMNS } from './monitor-heat.js';
export { renderMonitorHtml } from './monitor-html.js';
export { driftRule, driftText, isTest, windowText } from './monitor-text.js';
