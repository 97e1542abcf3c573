/** Small building blocks for the standalone HTML reports: escaping and a page shell (charts: src/charts). */

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE =
  'body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}' +
  'h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse;margin:.5rem 0}' +
  'td,th{border-bottom:1px solid #e4e7eb;padding:.25rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}' +
  '.charts{display:flex;flex-wrap:wrap;gap:1rem}.bad{color:#b91c1c;font-weight:600}.good{color:#047857}';

/** A complete page with no external resources: the title as `<title>` and `<h1>`, then `body`. */
export function htmlPage(title: string, body: string, style: string = STYLE): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}
