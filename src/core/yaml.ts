/**
 * Reading YAML safely: every YAML file Flywheel reads (flywheel.yaml, serve.yaml, suites, training
 * and drift settings, behaviour tests) goes through here, so a hostile or broken file is a clear
 * error with the reader's code, never INTERNAL, at the file, line and column where it went wrong.
 * Aliases are capped (a "billion laughs" file of nested aliases expands exponentially) and flow
 * collections nested absurdly deep are refused before the parser sees them (the yaml library runs
 * out of stack, then memory, on those). Checking the value against a schema: yaml-schema.ts.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, Parser, parseDocument } from 'yaml';
import { type ErrorCode, FlywheelError } from './errors.js';

/** The bounds on what a YAML file may ask of the parser. */
export const YAML_LIMITS = {
  /** Alias expansions per document (the yaml library's maxAliasCount). */
  maxAliasCount: 100,
  /** `[`/`{` collections open inside each other. */
  maxFlowDepth: 64,
} as const;

/** Whom an error names: the file, and the catalog code of this kind of file (CONFIG_INVALID, DATA_INVALID…). */
export interface YamlSource {
  file: string;
  code: ErrorCode;
  /** What to do about a wrong key or value: where this file's keys are documented. */
  hint?: string;
}

/** A line and column in a YAML file (both 1-based). */
export interface YamlPosition {
  line: number;
  column: number;
}

/** A YAML file read and syntax-checked: its value, and where each key path sits in the text. */
export interface YamlFile {
  source: YamlSource;
  value: unknown;
  /** Where the value at `path` starts (else its key, else the nearest ancestor's). */
  position(path: readonly PropertyKey[]): YamlPosition | undefined;
  /** Where the key that ends `path` is written (else the nearest ancestor's). */
  keyPosition(path: readonly PropertyKey[]): YamlPosition | undefined;
}

function yamlError(source: YamlSource, message: string, at?: YamlPosition, hint?: string): FlywheelError {
  return new FlywheelError(source.code, `${source.file} is not valid YAML: ${message}`, {
    where: { file: source.file, line: at?.line, column: at?.column },
    hint:
      hint ??
      'Fix the YAML at that line; aliases (*name) may be used at most 100 times and collections nest at most 64 deep.',
  });
}

/**
 * Refuse flow collections nested deeper than YAML_LIMITS.maxFlowDepth. Brackets in quoted text and
 * comments do not count; a quote opens text only where a value can start (an apostrophe inside
 * plain text, as in `note: don't`, opens nothing, so it cannot hide brackets from this check).
 */
export function checkYamlNesting(text: string, source: YamlSource): void {
  let depth = 0;
  let line = 1;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && valueMayStart(text, i)) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > YAML_LIMITS.maxFlowDepth)
        throw yamlError(source, `collections nest more than ${YAML_LIMITS.maxFlowDepth} deep`, {
          line,
          column: i - text.lastIndexOf('\n', i - 1),
        });
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
}

/** Whether a scalar can start at `i`: after the start of a line, a space, or a flow indicator. */
function valueMayStart(text: string, i: number): boolean {
  const before = i === 0 ? '\n' : text[i - 1]!;
  return /[\s[{,:?-]/.test(before);
}

/** The value of a parsed document, with aliases capped; an alias bomb is the reader's error, not INTERNAL. */
export function yamlToJs(doc: Document, source: YamlSource): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError) {
      throw yamlError(
        source,
        /alias/i.test(error.message)
          ? `aliases expand more than ${YAML_LIMITS.maxAliasCount} times (a resource exhaustion attack or a mistake)`
          : error.message,
      );
    }
    throw error;
  }
}

/**
 * Read YAML text: nesting checked, the first syntax error reported at its line and column (an
 * unclosed quote at the line where it opens, not at the end of the file), aliases capped.
 */
export function readYaml(text: string, source: YamlSource): YamlFile {
  checkYamlNesting(text, source);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): YamlPosition | undefined => {
    if (offset === undefined) return undefined;
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const opened = err.code === 'MISSING_CHAR' ? unclosedQuote(text, err.pos[0]) : undefined;
    if (opened !== undefined) {
      const where = at(opened)!;
      return fail(source, `the quote opened at line ${where.line} is never closed`, where);
    }
    return fail(source, err.message.split('\n')[0]!, at(err.pos[0]));
  }
  const value = yamlToJs(doc, source);
  return {
    source,
    value,
    position: (path) => at(nodeOffset(doc.contents, path, false)),
    keyPosition: (path) => at(nodeOffset(doc.contents, path, true)),
  };
}

function fail(source: YamlSource, message: string, where: YamlPosition | undefined): never {
  throw yamlError(
    source,
    message,
    where,
    'Fix the YAML syntax at that line: indentation, a missing colon, or an unclosed quote or bracket.',
  );
}

/** The offset of the quote that opens the unterminated quoted scalar reaching `errorOffset`. */
function unclosedQuote(text: string, errorOffset: number): number | undefined {
  let found: number | undefined;
  const visit = (token: unknown): void => {
    if (typeof token !== 'object' || token === null || found !== undefined) return;
    const t = token as { type?: string; offset?: number; source?: string };
    if (
      (t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') &&
      t.offset !== undefined &&
      t.source !== undefined &&
      t.offset <= errorOffset &&
      errorOffset <= t.offset + t.source.length
    ) {
      found = t.offset;
      return;
    }
    for (const v of Object.values(token)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (typeof v === 'object') visit(v);
    }
  };
  for (const token of new Parser().parse(text)) visit(token);
  return found;
}

/** The offset of the node at `path` (its key's with `key`), or of its nearest existing ancestor. */
function nodeOffset(contents: Node | null, path: readonly PropertyKey[], key: boolean): number | undefined {
  let node: Node | null | undefined = contents;
  let offset = node?.range?.[0];
  for (const [i, part] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      const keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value as Node | null;
      const last = i === path.length - 1;
      offset = (last && key ? keyOffset : (node?.range?.[0] ?? keyOffset)) ?? offset;
    } else if (isSeq(node)) {
      node = node.items[Number(part)] as Node | undefined;
      offset = node?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/**
 * Parse YAML text into a value: nesting checked, the first syntax error reported with its line and
 * column, aliases capped (readYaml's value, for readers that check it themselves).
 */
export function parseYaml(text: string, source: YamlSource): unknown {
  return readYaml(text, source).value;
}
