/**
 * Checking a YAML file's value against its zod schema, with errors a person can act on: the file,
 * line and column of the key or value at fault, its key path, and "did you mean" for a misspelt
 * key or choice. A misspelt key is reported before the "missing" key it explains (`metadta:` is
 * an unknown key next to `metadata`, not a missing `metadata`).
 */
import type { z } from 'zod';
import { FlywheelError } from './errors.js';
import { closestName } from './suggest.js';
import { readYaml, type YamlFile, type YamlSource } from './yaml.js';

/** How a reader words its errors beyond the defaults. */
export interface YamlSchemaOptions {
  /** A hint for the issue at `path`, else the source's hint. */
  hint?(path: string[], issue: z.core.$ZodIssue): string | undefined;
}

/** Read YAML text and parse its value with `schema` (an empty file is `{}`). */
export function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  source: YamlSource,
  options: YamlSchemaOptions = {},
): z.output<S> {
  return checkYamlWith(schema, readYaml(text, source), options);
}

/** Parse a read file's value with `schema`; the first issue is an error at its line and column. */
export function checkYamlWith<S extends z.ZodType>(
  schema: S,
  file: YamlFile,
  options: YamlSchemaOptions = {},
): z.output<S> {
  const parsed = schema.safeParse(file.value ?? {});
  if (parsed.success) return parsed.data;
  throw yamlIssueError(schema, file, firstIssue(parsed.error, file.value, false)!, options);
}

/**
 * Check a file that holds one part of the input (flags fill in the rest, and the whole is parsed
 * later): every issue but a missing key is an error at its line and column.
 */
export function checkYamlPart(schema: z.ZodType, file: YamlFile, options: YamlSchemaOptions = {}): void {
  const parsed = schema.safeParse(file.value ?? {});
  if (parsed.success) return;
  const issue = firstIssue(parsed.error, file.value, true);
  if (issue !== undefined) throw yamlIssueError(schema, file, issue, options);
}

/**
 * The issue to report first: an unknown key (a typo explains the rest), then the others in order;
 * with `partial`, missing keys are not issues.
 */
export function firstIssue(
  error: z.ZodError,
  value: unknown,
  partial: boolean,
): z.core.$ZodIssue | undefined {
  const unknown = error.issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown) return unknown;
  return error.issues.find((i) => !(partial && isMissing(i, value)));
}

function isMissing(issue: z.core.$ZodIssue, value: unknown): boolean {
  return issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined;
}

/** The error for one issue of `file`'s value: message, file:line:column, key path and hint. */
export function yamlIssueError(
  schema: z.ZodType,
  file: YamlFile,
  issue: z.core.$ZodIssue,
  options: YamlSchemaOptions = {},
): FlywheelError {
  const { source } = file;
  let path = issue.path.map(String);
  let message = issue.message;
  let at = file.position(issue.path);
  let suggestion: string | undefined;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    path = [...path, key];
    suggestion = closestName(keysAt(schema, issue.path), key);
    message = `unknown key "${key}"`;
    at = file.keyPosition(path);
  } else if (isMissing(issue, file.value)) {
    message = `missing key "${path.at(-1)}"`;
    at = file.keyPosition(issue.path.slice(0, -1));
  } else {
    const choices = choicesOf(issue);
    const got = valueAt(file.value, issue.path);
    if (choices.length > 0 && typeof got === 'string') {
      suggestion = closestName(choices, got);
      if (issue.code === 'invalid_union') message = `expected one of ${choices.join(', ')}, got "${got}"`;
    }
  }
  const keyPath = path.join('.');
  const full = `${message}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
  return new FlywheelError(source.code, `${source.file}: ${keyPath || '(root)'}: ${full}`, {
    where: { file: source.file, path: keyPath, line: at?.line, column: at?.column },
    hint:
      options.hint?.(path, issue) ??
      (issue.code === 'custom' && typeof issue.params?.hint === 'string' ? issue.params.hint : undefined) ??
      source.hint ??
      `Fix "${keyPath}".`,
  });
}

/**
 * The text choices an issue offers: an enum's or literal's values, a discriminated union's
 * discriminator values, or those of a union's branches.
 */
function choicesOf(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_value') return issue.values.filter((v): v is string => typeof v === 'string');
  if (issue.code !== 'invalid_union') return [];
  const options = (issue as { options?: unknown }).options;
  if (Array.isArray(options)) return options.filter((v): v is string => typeof v === 'string');
  return issue.errors.flatMap((branch) =>
    branch.filter((i) => i.path.length === 0).flatMap((i) => choicesOf(i)),
  );
}

/** The value at `path` inside `value`, or undefined. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * The keys an object schema allows at `path` (through defaults, optionals, pipes, arrays, records;
 * a union allows the keys of any of its branches).
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  // zod 4 keeps a schema's definition in `_zod.def`: wrappers (default, optional, pipe…) are
  // unwrapped; objects, arrays and records step one path element deeper.
  let s: unknown = schema;
  let i = 0;
  for (;;) {
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def === undefined) return [];
    const type = def.type as string;
    if (WRAPPERS.has(type)) s = def.innerType;
    else if (type === 'pipe') s = def.in;
    else if (type === 'union') {
      const branches = def.options as z.ZodType[];
      return [...new Set(branches.flatMap((branch) => keysAt(branch, path.slice(i))))];
    } else if (i === path.length) return type === 'object' ? Object.keys(def.shape as object) : [];
    else if (type === 'object') s = (def.shape as Record<string, unknown>)[String(path[i++])];
    else if (type === 'array' || type === 'record') {
      s = type === 'array' ? def.element : def.valueType;
      i++;
    } else return [];
  }
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);
