/**
 * The run filter language, parsed by hand (no eval) into a tree the metadata store compiles to SQL:
 *
 *   metrics.auc > 0.9 and params.model = 'gbdt' and (tags.team = 'a' or status != 'FAILED')
 *
 * Fields: `metrics.KEY` (latest value, numeric), `params.KEY` and `tags.KEY` (strings), and run
 * attributes, bare or as `attributes.NAME`. Keys with spaces are quoted: `params."max depth"`.
 * This is MLflow's search syntax (AND-joined comparisons) plus OR and parentheses.
 */
import type {
  FilterOperator,
  RunAttribute,
  RunField,
  RunFilter,
  RunSort,
} from '../storage/metadata/index.js';
import { filterError, KEYWORDS, type Token, tokenize } from './filter-lexer.js';
import { checkLikePattern, FILTER_LIMITS, filterLimitError } from './limits.js';

const PREFIXES: Record<string, 'metric' | 'param' | 'tag' | 'attribute'> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

const ATTRIBUTES: Record<string, RunAttribute> = {
  run_id: 'run_id',
  id: 'run_id',
  run_name: 'run_name',
  name: 'run_name',
  status: 'status',
  start_time: 'start_time',
  end_time: 'end_time',
  user: 'user',
  user_id: 'user',
  host: 'host',
  experiment_id: 'experiment_id',
  git_commit: 'git_commit',
};

const NUMERIC_ATTRIBUTES = new Set<RunAttribute>(['start_time', 'end_time']);
const NUMERIC_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const STRING_OPS = new Set(['=', '!=', 'like', 'ilike']);

/** True when values of the field are numbers (metrics, start and end times). */
export function isNumericField(field: RunField): boolean {
  return field.kind === 'metric' || (field.kind === 'attribute' && NUMERIC_ATTRIBUTES.has(field.name));
}

class Parser {
  private i = 0;
  /** Open parentheses around the current position, comparisons and list values so far (FILTER_LIMITS). */
  private depth = 0;
  private comparisons = 0;
  private listValues = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly what: string,
  ) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }
  next(): Token {
    return this.tokens[this.i++]!;
  }
  fail(token: Token, message: string): never {
    throw filterError(this.source, token.pos, message, this.what);
  }
  isWord(token: Token, word: string): boolean {
    return token.type === 'word' && token.word.toLowerCase() === word;
  }
  describe(token: Token): string {
    return token.type === 'end' ? 'the end of the filter' : `"${token.text}"`;
  }

  expression(): RunFilter {
    const args = [this.conjunction()];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      args.push(this.conjunction());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }

  conjunction(): RunFilter {
    const args = [this.primary()];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      args.push(this.primary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }

  primary(): RunFilter {
    const t = this.peek();
    if (t.type === '(') {
      if (++this.depth > FILTER_LIMITS.depth)
        throw filterLimitError('the filter nests parentheses too deep', 'depth', this.depth);
      this.next();
      const inner = this.expression();
      this.depth--;
      const close = this.next();
      if (close.type !== ')')
        this.fail(
          close,
          `expected ")" to close the "(" at position ${t.pos + 1}, found ${this.describe(close)}`,
        );
      return inner;
    }
    return this.comparison();
  }

  field(): RunField {
    const t = this.next();
    if (t.type === 'field') {
      if (t.prefix === undefined) return this.attribute(t, t.key);
      const kind = PREFIXES[t.prefix.toLowerCase()];
      if (!kind)
        this.fail(t, `unknown field kind "${t.prefix}": use metrics., params., tags. or attributes.`);
      if (kind === 'attribute') return this.attribute(t, t.key);
      return { kind, key: t.key };
    }
    if (t.type === 'word' && !KEYWORDS.has(t.word.toLowerCase())) return this.attribute(t, t.word);
    return this.fail(
      t,
      `expected a field such as metrics.auc, params.model or status, found ${this.describe(t)}`,
    );
  }

  attribute(t: Token, name: string): RunField {
    const attr = ATTRIBUTES[name.toLowerCase()];
    if (!attr) {
      this.fail(
        t,
        `unknown run attribute "${name}": use one of ${Object.keys(ATTRIBUTES).join(', ')}, or metrics.NAME, params.NAME, tags.NAME`,
      );
    }
    return { kind: 'attribute', name: attr };
  }

  comparison(): RunFilter {
    if (++this.comparisons > FILTER_LIMITS.comparisons)
      throw filterLimitError('the filter has too many comparisons', 'comparisons', this.comparisons);
    const fieldToken = this.peek();
    const field = this.field();
    const numeric = isNumericField(field);
    const t = this.next();
    if (this.isWord(t, 'not') || this.isWord(t, 'in')) {
      const negate = this.isWord(t, 'not');
      if (negate && !this.isWord(this.next(), 'in'))
        this.fail(this.tokens[this.i - 1]!, 'expected "in" after "not"');
      if (numeric) this.fail(t, `"in" compares strings; ${fieldToken.text} is numeric`);
      return { op: 'in', field, negate, values: this.list() };
    }
    let operator: FilterOperator;
    if (t.type === 'op') operator = t.op as FilterOperator;
    else if (this.isWord(t, 'like') || this.isWord(t, 'ilike'))
      operator = (t as { word: string }).word.toLowerCase() as FilterOperator;
    else
      return this.fail(
        t,
        `expected a comparison (=, !=, <, <=, >, >=, like, ilike, in) after ${fieldToken.text}, found ${this.describe(t)}`,
      );
    const allowed = numeric ? NUMERIC_OPS : STRING_OPS;
    if (!allowed.has(operator)) {
      this.fail(
        t,
        `${fieldToken.text} is ${numeric ? 'numeric' : 'a string'}; "${operator}" does not apply (use ${[...allowed].join(', ')})`,
      );
    }
    const valueToken = this.peek();
    const value = this.value(numeric, operator);
    // Times are whole epoch milliseconds (a BIGINT column): 1.5 or 1e999 would fail inside PostgreSQL.
    if (field.kind === 'attribute' && numeric && !Number.isSafeInteger(value)) {
      this.fail(
        valueToken,
        `${fieldToken.text} is in whole epoch milliseconds; ${valueToken.text} is not one`,
      );
    }
    return { op: 'compare', field, operator, value };
  }

  value(numeric: boolean, operator: string): string | number {
    const t = this.next();
    if (numeric) {
      if (t.type === 'number') return t.value;
      return this.fail(t, `expected a number after "${operator}", found ${this.describe(t)}`);
    }
    if (t.type === 'string') {
      if (operator === 'like' || operator === 'ilike') return checkLikePattern(t.value);
      if (t.value.length > FILTER_LIMITS.valueLength)
        throw filterLimitError('a compared value is too long', 'valueLength', t.value.length);
      return t.value;
    }
    // A bare number compared with a string field means its text: params.depth = 3 is params.depth = '3'.
    if (t.type === 'number') return t.text;
    return this.fail(t, `expected a quoted string after "${operator}", found ${this.describe(t)}`);
  }

  list(): string[] {
    const open = this.next();
    if (open.type !== '(') this.fail(open, `expected "(" to start the list, found ${this.describe(open)}`);
    const values: string[] = [];
    for (;;) {
      if (++this.listValues > FILTER_LIMITS.listValues)
        throw filterLimitError(
          'the filter\'s "in" lists hold too many values',
          'listValues',
          this.listValues,
        );
      values.push(String(this.value(false, 'in')));
      const t = this.next();
      if (t.type === ')') return values;
      if (t.type !== ',') this.fail(t, `expected "," or ")" in the list, found ${this.describe(t)}`);
    }
  }
}

/** Parse a run filter; a syntax error names its position. An empty filter matches every run. */
export function parseRunFilter(source: string): RunFilter | undefined {
  // Checked before anything else reads it, so an oversized filter costs nothing.
  if (source.length > FILTER_LIMITS.length)
    throw filterLimitError('the filter is too long (characters)', 'length', source.length);
  if (source.trim() === '') return undefined;
  const p = new Parser(source, tokenize(source), 'filter');
  const tree = p.expression();
  const rest = p.peek();
  if (rest.type !== 'end') {
    p.fail(rest, `expected "and", "or" or the end of the filter, found ${p.describe(rest)}`);
  }
  return tree;
}

/**
 * Parse sort keys: `-metrics.auc` or `metrics.auc desc` (descending), `start_time` or
 * `start_time asc` (ascending); several keys are separated by commas.
 */
export function parseRunSort(source: string | readonly string[]): RunSort[] {
  const texts = typeof source === 'string' ? [source] : source;
  const length = texts.reduce((n, s) => n + s.length, 0);
  if (length > FILTER_LIMITS.length)
    throw filterLimitError('the sort keys are too long (characters)', 'length', length, 'order_by');
  const items = texts.flatMap((s) => s.split(',')).filter((s) => s.trim() !== '');
  if (items.length > FILTER_LIMITS.sortKeys)
    throw filterLimitError('too many sort keys', 'sortKeys', items.length, 'order_by');
  return items.map(parseSortKey);
}

function parseSortKey(item: string): RunSort {
  const trimmed = item.trim();
  const sign = trimmed[0] === '-' || trimmed[0] === '+' ? trimmed[0] : '';
  const text = trimmed.slice(sign.length);
  const p = new Parser(text, tokenize(text, 'sort'), 'sort');
  const field = p.field();
  let descending = sign === '-';
  const t = p.next();
  if (p.isWord(t, 'desc') || p.isWord(t, 'asc')) {
    descending = p.isWord(t, 'desc');
    const end = p.next();
    if (end.type !== 'end') p.fail(end, `expected the end of the sort key, found ${p.describe(end)}`);
  } else if (t.type !== 'end') {
    p.fail(t, `expected "asc", "desc" or the end of the sort key, found ${p.describe(t)}`);
  }
  return { field, descending };
}
