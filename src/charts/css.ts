/**
 * The charts' stylesheet, one string: reports inline it in their `<style>`, the dashboard ships it
 * in its CSS file. The SVG carries classes only (no style attributes: the dashboard's
 * Content-Security-Policy forbids inline styles). Series colours are the Okabe–Ito palette
 * (distinguishable with the common colour-vision deficiencies); the heat levels are one
 * sequential hue (ColorBrewer YlOrRd), with dark text on light cells and white on dark ones.
 */

/** Palette slots `fw-s0` … `fw-s7`. */
export const SERIES_COLORS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#7f7f7f',
];

/** Heat levels `fw-h0` … `fw-h4`: background and text colour (contrast ≥ 4.5:1 each). */
export const HEAT_COLORS: ReadonlyArray<[string, string]> = [
  ['#ffffcc', '#1f2933'],
  ['#fed976', '#1f2933'],
  ['#fd8d3c', '#1f2933'],
  ['#e31a1c', '#ffffff'],
  ['#800026', '#ffffff'],
];

const series = SERIES_COLORS.map(
  (c, i) =>
    `.fw-s${i}{stroke:${c};fill:${c}}.fw-s${i} .fw-line{stroke:${c}}.fw-s${i} .fw-band{fill:${c}}.fw-s${i} .fw-whisker{stroke:${c}}`,
).join('');
const heat = HEAT_COLORS.map(([bg, fg], i) => `.fw-h${i}{background:${bg};color:${fg}}`).join('');

/** Every rule the charts need, scoped to their `fw-` classes. */
export const CHART_CSS =
  '.fw-chart{max-width:100%;height:auto;font:11px system-ui,sans-serif;overflow:visible}' +
  '.fw-chart text{fill:#3e4c59;stroke:none}.fw-chart .fw-title-text{font-size:12px;fill:#1f2933}' +
  '.fw-grid{stroke:#e4e7eb;stroke-width:1}.fw-axis{stroke:#9aa5b1;stroke-width:1}' +
  '.fw-line{fill:none;stroke-width:1.6;stroke-linejoin:round}.fw-dashed .fw-line,.fw-dashed.fw-line{stroke-dasharray:5 4}' +
  '.fw-band{stroke:none;fill-opacity:.15}.fw-whisker{stroke-opacity:.6}' +
  '.fw-marker{stroke:#fff;stroke-width:.8}.fw-threshold{stroke:#52606d;stroke-width:1.2;stroke-dasharray:6 4;fill:none}' +
  '.fw-diagonal{stroke:#d55e00;stroke-width:1.4;stroke-dasharray:4 3;fill:none}' +
  '.fw-bar{stroke:none}.fw-bar:hover{fill-opacity:.75}.fw-overlay{fill-opacity:.55}' +
  '.fw-thin{stroke-width:1;stroke-opacity:.5}.fw-swatch{stroke-width:3}.fw-chart .fw-note{font-size:9px;fill:#52606d}' +
  series +
  '.fw-heat{border-collapse:collapse}.fw-heat td,.fw-heat th{padding:.2rem .5rem;text-align:right;border:1px solid #fff}' +
  '.fw-heat caption{caption-side:top;text-align:left;color:#52606d;font-size:.85rem;padding:.2rem 0}.fw-heat td{font-variant-numeric:tabular-nums}' +
  '.fw-heat thead th{white-space:normal;min-width:6.5rem;vertical-align:bottom}.fw-heat .fw-note{font-weight:400;font-size:.85em;color:#52606d}' +
  '.fw-heat th{background:#f5f7fa;font-weight:600}.fw-heat td.fw-flag{font-weight:700;outline:2px solid #1f2933;outline-offset:-2px}' +
  '.fw-heat .fw-none{color:#52606d}.fw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}' +
  heat;
