/**
 * Date formats for `date_parseable`: a strftime subset compiled once into a matcher that checks
 * the text has the exact shape and that the fields are a real date (2024-02-30 is not).
 *
 * Directives: %Y (4-digit year), %y (2-digit year), %m (01–12), %d (01–31), %H (00–23),
 * %I (01–12), %p (AM/PM), %M (00–59), %S (00–60), %f (1–9 fraction digits), %j (001–366),
 * %b (Jan–Dec), %z (Z, ±HH:MM or ±HHMM), %% (a literal %). Anything else is literal text.
 */

/** A compiled format: true when `text` is a valid date in it. */
export type DateMatcher = (text: string) => boolean;

type Field = 'Y' | 'y' | 'm' | 'd' | 'H' | 'I' | 'M' | 'S' | 'f' | 'j' | 'b' | 'z' | 'p';

const PATTERNS: Record<Field, string> = {
  Y: '(\\d{4})',
  y: '(\\d{2})',
  m: '(\\d{2})',
  d: '(\\d{2})',
  H: '(\\d{2})',
  I: '(\\d{2})',
  M: '(\\d{2})',
  S: '(\\d{2})',
  f: '(\\d{1,9})',
  j: '(\\d{3})',
  b: '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)',
  z: '(Z|[+-]\\d{2}:?\\d{2})',
  p: '(AM|PM|am|pm)',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LIMITS: Partial<Record<Field, [number, number]>> = {
  m: [1, 12],
  d: [1, 31],
  H: [0, 23],
  I: [1, 12],
  M: [0, 59],
  S: [0, 60],
  j: [1, 366],
};

/** Compile a strftime-style format; an unknown directive throws an Error naming it. */
export function compileDateFormat(format: string): DateMatcher {
  const fields: Field[] = [];
  let source = '^';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      source += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      continue;
    }
    const d = format[++i];
    if (d === '%') source += '%';
    else if (d !== undefined && d in PATTERNS) {
      fields.push(d as Field);
      source += PATTERNS[d as Field];
    } else {
      throw new Error(
        `unknown date directive "%${d ?? ''}" in "${format}"; use %Y %y %m %d %H %I %p %M %S %f %j %b %z or %%`,
      );
    }
  }
  const re = new RegExp(`${source}$`);
  return (text) => {
    const m = re.exec(text);
    return m !== null && validFields(fields, m);
  };
}

function validFields(fields: readonly Field[], m: RegExpExecArray): boolean {
  let year = 2000; // a leap year, so %d/%m without %Y accepts Feb 29
  let month = 0;
  let day = 0;
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!;
    const text = m[k + 1]!;
    if (f === 'b') {
      month = MONTHS.indexOf(text) + 1;
      continue;
    }
    if (f === 'z' || f === 'p' || f === 'f') continue;
    const n = Number(text);
    const limit = LIMITS[f];
    if (limit && (n < limit[0] || n > limit[1])) return false;
    if (f === 'Y') year = n;
    else if (f === 'y') year = 2000 + n;
    else if (f === 'm') month = n;
    else if (f === 'd') day = n;
  }
  if (month > 0 && day > 0) return day <= daysInMonth(year, month);
  return true;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `text` is a date JavaScript can parse (ISO 8601 and RFC 2822 forms), for a missing format. */
export function isParseableDate(text: string): boolean {
  return text.trim() !== '' && !Number.isNaN(Date.parse(text));
}
