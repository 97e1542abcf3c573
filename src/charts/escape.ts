/**
 * The one escape function of the charts: every piece of text that reaches the SVG or HTML they
 * write (series names, labels, tooltips, axis titles) goes through it, in element content and in
 * attribute values alike, so a run named `<img src=x onerror=alert(1)>` is shown as text.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for XML/HTML element content and (double- or single-quoted) attribute values. */
export function esc(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** `text` cut to `max` characters with "…" (the caller keeps the full text in a tooltip). */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}
