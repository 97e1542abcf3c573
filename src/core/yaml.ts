/**
 * Reading YAML safely: every YAML file Flywheel reads (flywheel.yaml, serve.yaml, suites, training
 * and drift options, behaviour tests) goes through here, so a hostile or broken file is a clear
 * error with the reader's code, never INTERNAL. Aliases are capped (a "billion laughs" file of
 * nested aliases expands exponentially) and flow collections nested absurdly deep are refused
 * before the parser sees them (the yaml library runs out of stack, then memory, on those).
 */
import { type Document, type LineCounter, parseDocument } from 'yaml';
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
}

function yamlError(source: YamlSource, message: string, line?: number, column?: number): FlywheelError {
  return new FlywheelError(source.code, `${source.file} is not valid YAML: ${message}`, {
    where: { file: source.file, line, column },
    hint: 'Fix the YAML at that line; aliases (*name) may be used at most 100 times and collections nest at most 64 deep.',
  });
}

/** Refuse flow collections nested deeper than YAML_LIMITS.maxFlowDepth (quoted text and comments skipped). */
export function checkYamlNesting(text: string, source: YamlSource): void {
  let depth = 0;
  let line = 1;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (quote) {
      if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > YAML_LIMITS.maxFlowDepth)
        throw yamlError(source, `collections nest more than ${YAML_LIMITS.maxFlowDepth} deep`, line);
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
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
 * Parse YAML text into a value: nesting checked, the first syntax error reported with its line and
 * column, aliases capped. `lineCounter`, if given, is filled for the caller's own messages.
 */
export function parseYaml(text: string, source: YamlSource, lineCounter?: LineCounter): unknown {
  checkYamlNesting(text, source);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = lineCounter?.linePos(err.pos[0]);
    throw yamlError(source, err.message.split('\n')[0]!, pos?.line, pos?.col);
  }
  return yamlToJs(doc, source);
}
