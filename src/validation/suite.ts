/**
 * Expectation suites in YAML: parsed with zod where they come in, every error naming the file, the
 * line and column and saying how to fix it; written back as YAML by `suite infer`.
 *
 * ```yaml
 * version: 1
 * name: iris
 * expectations:
 *   - expect: between
 *     column: sepal length (cm)
 *     min: 4.3
 *     max: 7.9
 *     mostly: 0.95
 * ```
 */
import { readFileSync } from 'node:fs';
import { isScalar, visit, Document as YamlDocument } from 'yaml';
import { z } from 'zod';
import {
  closestName,
  FlywheelError,
  firstIssue,
  fromSystemError,
  readYaml,
  sha256,
  type YamlFile,
} from '../core/index.js';
import {
  defaultExpectationId,
  EXPECTATION_NAMES,
  EXPECTATION_SCHEMAS,
  type Expectation,
  type ExpectationName,
} from './expectation-schema.js';
import { argumentHint, semanticProblem } from './suite-hints.js';

/** A parsed expectation suite. */
export interface Suite {
  version: 1;
  name: string;
  description?: string;
  expectations: Expectation[];
}

const headerSchema = z.strictObject({
  version: z.literal(1).optional(),
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  expectations: z.array(z.unknown()),
});

/** Where a suite's text came from, for messages. */
interface Source {
  file: string;
  yaml: YamlFile;
}

/** Read and parse a suite file. */
export function loadSuite(file: string): Suite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fromSystemError(error, file, 'read the suite');
  }
  return parseSuite(text, file);
}

/** Parse suite YAML; `file` names the source in errors. */
export function parseSuite(text: string, file = '<suite>'): Suite {
  const yaml = readYaml(text, { file, code: 'INVALID_ARGUMENT' });
  const source: Source = { file, yaml };
  const header = headerSchema.safeParse(yaml.value ?? {});
  if (!header.success) throw issueError(source, [], firstIssue(header.error, yaml.value, false)!, undefined);
  const expectations = header.data.expectations.map((raw, i) => parseExpectation(source, raw, i));
  checkIds(source, expectations);
  return {
    version: 1,
    name: header.data.name,
    ...(header.data.description === undefined ? {} : { description: header.data.description }),
    expectations,
  };
}

/** Check a suite built in code (the same rules as a file). */
export function checkSuite(suite: Suite): Suite {
  return parseSuite(stringifySuite(suite), `suite ${suite.name}`);
}

function parseExpectation(source: Source, raw: unknown, i: number): Expectation {
  const at = ['expectations', String(i)];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw located(source, at, `expectation ${i + 1} must be a mapping with an "expect" key`, {
      hint: 'Write each expectation as `- expect: NAME` followed by its arguments, e.g. `column: age`.',
    });
  }
  const name = (raw as Record<string, unknown>).expect;
  if (typeof name !== 'string' || !(name in EXPECTATION_SCHEMAS)) {
    const suggestion = typeof name === 'string' ? closestName(EXPECTATION_NAMES, name) : undefined;
    const message = `unknown expectation ${JSON.stringify(name ?? null)}${didYouMean(suggestion)}`;
    throw located(source, [...at, 'expect'], message, {
      hint: `Known expectations: ${EXPECTATION_NAMES.join(', ')} (docs/validation.md).`,
    });
  }
  const parsed = EXPECTATION_SCHEMAS[name as ExpectationName].safeParse(raw);
  if (!parsed.success) {
    throw issueError(source, at, firstIssue(parsed.error, raw, false)!, name as ExpectationName);
  }
  const expectation = parsed.data as Expectation;
  const problem = semanticProblem(expectation);
  if (problem) throw located(source, [...at, problem.key], problem.message, { hint: problem.hint });
  return expectation;
}

function checkIds(source: Source, expectations: readonly Expectation[]): void {
  const seen = new Map<string, number>();
  expectations.forEach((e, i) => {
    if (e.id === undefined) return;
    const first = seen.get(e.id);
    if (first !== undefined) {
      throw located(source, ['expectations', String(i), 'id'], `id "${e.id}" is used twice`, {
        hint: `Expectations ${first + 1} and ${i + 1} share it; give each a distinct id.`,
      });
    }
    seen.set(e.id, i);
  });
}

function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

function issueError(
  source: Source,
  at: string[],
  issue: z.core.$ZodIssue,
  name: ExpectationName | undefined,
): FlywheelError {
  let path = [...at, ...issue.path.map(String)];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0] ?? ''];
    const known = name ? Object.keys(EXPECTATION_SCHEMAS[name].shape) : Object.keys(headerSchema.shape);
    const suggestion = closestName(known, issue.keys[0] ?? '');
    const message = `unknown argument "${issue.keys[0]}"${name ? ` for ${name}` : ''}${didYouMean(suggestion)}`;
    return located(source, path, message, { hint: `Allowed here: ${known.join(', ')}.`, atKey: true });
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) message = 'is required';
  const key = path.at(-1) ?? '';
  return located(source, path, `${name ? `${name}: ` : ''}${key} ${message}`.trim(), {
    hint: argumentHint(name, path.slice(at.length)),
  });
}

/** The error at `path` (at its value, or with `atKey` at its key: where an unknown key is written). */
function located(
  source: Source,
  path: string[],
  message: string,
  options: { hint: string; atKey?: boolean },
): FlywheelError {
  const pos = options.atKey ? source.yaml.keyPosition(path) : source.yaml.position(path);
  const where = { file: source.file, path: path.join('.'), line: pos?.line, column: pos?.column };
  const at = pos ? `${source.file}:${pos.line}:${pos.column}` : source.file;
  return new FlywheelError('INVALID_ARGUMENT', `${at}: ${message}`, { where, hint: options.hint });
}

/** Suite YAML with short lists on one line, as `suite infer` writes it. */
export function stringifySuite(suite: Suite, comment?: string): string {
  const doc = new YamlDocument(suite);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  if (comment) doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
}

/** A stable digest of a suite's content (what a stored result was checked against). */
export function suiteDigest(suite: Suite): string {
  return sha256(JSON.stringify(suite));
}

/** The id every expectation reports under: its `id`, or `expect(columns)` with `#2`, `#3` for repeats. */
export function expectationIds(suite: Suite): string[] {
  const used = new Set(suite.expectations.flatMap((e) => (e.id === undefined ? [] : [e.id])));
  return suite.expectations.map((e) => {
    if (e.id !== undefined) return e.id;
    const base = defaultExpectationId(e);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}#${n}`;
    used.add(id);
    return id;
  });
}
