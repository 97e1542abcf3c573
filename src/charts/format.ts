/**
 * Number and time text for ticks and tooltips. The charts import nothing from the rest of
 * Flywheel (they run in the dashboard's browser bundle too), so the compact formatters live here.
 */

/** A number in at most 4 significant digits, exponent form when very large or small. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** A tick value, written with as many decimals as the tick step needs (0.1, 0.2, 0.3: never 0.30000000000000004). */
export function formatTick(v: number, step: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6 || (a !== 0 && a < 1e-4)) return v.toExponential(step > 0 && a >= 1e6 ? 1 : 2);
  const decimals = step > 0 ? Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9))) : 2;
  const text = v.toFixed(decimals);
  return text === `-${(0).toFixed(decimals)}` ? text.slice(1) : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An epoch-ms time in UTC, as precise as `step` (ms between ticks) needs. */
export function formatTime(ms: number, step = 60_000): string {
  if (!Number.isFinite(ms)) return String(ms);
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (step >= 86_400_000) return date;
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (step >= 60_000) return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? date : hm;
  return `${hm}:${pad(d.getUTCSeconds())}`;
}

/** A share 0–1 as a percentage. */
export function formatShare(v: number): string {
  return `${Number((100 * v).toPrecision(3))}%`;
}

/** An epoch-ms time in full, for tooltips: `2026-03-01 14:05:09` (UTC). */
export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
