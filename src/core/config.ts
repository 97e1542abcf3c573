/**
 * `flywheel.yaml`: the workspace configuration. Core owns the file, its reading (through the YAML
 * loader: file:line:column, "did you mean") and the sections every workspace has (stores, gc, log);
 * each domain owns its section (`server:` serving, `monitor:` monitoring, `batch:`, `registry:`)
 * and hands it in as a ConfigSection, so core knows no domain. The whole is assembled once, at the
 * wiring layer (src/workspace-config.ts). Environment variables (core/env.ts) override the file.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { durationSchema, urlWithScheme } from './config-values.js';
import type { EnvName, FlywheelEnv } from './env.js';
import { FlywheelError, fromSystemError } from './errors.js';
import { LOG_LEVELS } from './logger.js';
import { readYaml, type YamlFile, type YamlPosition } from './yaml.js';
import { firstIssue, yamlIssueError } from './yaml-schema.js';

/** The config file name a workspace is recognised by. */
export const CONFIG_FILE = 'flywheel.yaml';

/** The variables that may set a key of flywheel.yaml (those with text values). */
export type ConfigEnvName = {
  [K in EnvName]: FlywheelEnv[K] extends string | undefined ? K : never;
}[EnvName];

/** The overriding variables a config is read with (a parsed FlywheelEnv, or any part of it). */
export type ConfigEnv = Partial<Pick<FlywheelEnv, ConfigEnvName>>;

/** A section of flywheel.yaml and what reading it needs besides its schema. */
export interface ConfigSection<S extends z.ZodType = z.ZodType> {
  /** The section's schema; it fills in defaults, so a file without the section is valid. */
  schema: S;
  /** How to fix a wrong value in the section (the keys it takes, or where they are documented). */
  hint: string;
  /** Keys of the section an environment variable sets (key → variable). */
  env?: Readonly<Record<string, ConfigEnvName>>;
  /** Given the parsed section and where its paths are written: keep what later errors should cite. */
  place?(
    value: z.output<S>,
    position: (path: readonly PropertyKey[]) => YamlPosition | undefined,
    file: string,
  ): void;
}

/** Sections by their key in flywheel.yaml. */
export type ConfigSections = Record<string, ConfigSection>;

const METADATA_SCHEMES = ['sqlite:', 'postgres:', 'postgresql:'] as const;
const ARTIFACT_SCHEMES = ['file:'] as const;

/** The sections core owns: every workspace has them. */
const CORE_SECTIONS = {
  metadata: {
    schema: z.object({ url: urlWithScheme(METADATA_SCHEMES, 'metadata store') }).strict(),
    hint: 'Set metadata.url to sqlite:.flywheel/metadata.db or postgres://user@host:5432/database.',
    env: { url: 'FLYWHEEL_METADATA_URL' },
  },
  artifacts: {
    schema: z.object({ url: urlWithScheme(ARTIFACT_SCHEMES, 'artifact store') }).strict(),
    hint: 'Set artifacts.url to file:.flywheel/objects (a folder, relative to flywheel.yaml).',
    env: { url: 'FLYWHEEL_ARTIFACTS_URL' },
  },
  gc: {
    schema: z
      .object({ grace_period: durationSchema.default(3_600_000) })
      .strict()
      .default({ grace_period: 3_600_000 }),
    hint: 'Write gc.grace_period as a duration such as 30m or 1h.',
  },
  log: {
    schema: z
      .object({ level: z.enum(LOG_LEVELS).default('info') })
      .strict()
      .default({ level: 'info' }),
    hint: `Set log.level to one of ${LOG_LEVELS.join(', ')}.`,
    env: { level: 'FLYWHEEL_LOG_LEVEL' },
  },
} satisfies ConfigSections;

type SectionValues<S extends ConfigSections> = { [K in keyof S]: z.output<S[K]['schema']> };

/** A loaded workspace configuration: core's keys, the domains' sections, and where it lives. */
export type WorkspaceConfig<S extends ConfigSections> = {
  version: 1;
  name?: string | undefined;
} & SectionValues<typeof CORE_SECTIONS> &
  SectionValues<S> & {
    /** The workspace root (the folder holding flywheel.yaml). */
    root: string;
    /** The config file it was read from, if any. */
    file: string | undefined;
  };

/** Reads flywheel.yaml with one set of sections. */
export interface ConfigReader<C> {
  /** The schema of the whole file (strict: unknown keys are errors, so typos do not pass silently). */
  readonly schema: z.ZodType;
  /** Validate config text as read from `file` (named in errors; relative paths resolve against it). */
  parse(text: string, file: string, env?: ConfigEnv): C;
  /** Read and validate a config file. */
  load(file: string, env?: ConfigEnv): C;
}

/** The reader of flywheel.yaml with core's sections and `sections` (the domains'). */
export function createConfigReader<S extends ConfigSections>(sections: S): ConfigReader<WorkspaceConfig<S>> {
  const all: ConfigSections = { ...CORE_SECTIONS, ...sections };
  const shape: Record<string, z.ZodType> = {
    version: z.literal(1).default(1),
    name: z.string().min(1).optional(),
  };
  for (const [key, section] of Object.entries(all)) shape[key] = section.schema;
  const schema = z.object(shape).strict();
  const parse = (text: string, file: string, env: ConfigEnv = {}): WorkspaceConfig<S> => {
    const yaml = readYaml(text, { file, code: 'CONFIG_INVALID', hint: 'See docs/config.md.' });
    const raw = yaml.value ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new FlywheelError('CONFIG_INVALID', `${file} must be a YAML mapping of keys to values`, {
        where: { file, line: 1 },
        hint: 'Start from the file `flywheel init` writes.',
      });
    }
    const withEnv = applyEnvOverrides(all, raw as Record<string, unknown>, env);
    const parsed = schema.safeParse(withEnv.value);
    if (!parsed.success) {
      throw configIssueError(schema, all, parsed.error, { ...yaml, value: withEnv.value }, withEnv.fromEnv);
    }
    const data = parsed.data as Record<string, unknown>;
    for (const [key, section] of Object.entries(all)) {
      section.place?.(data[key], (path) => yaml.position([key, ...path]), file);
    }
    return { ...data, root: resolve(file, '..'), file: resolve(file) } as WorkspaceConfig<S>;
  };
  return { schema, parse, load: (file, env) => parse(readConfigText(file), file, env) };
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const e = fromSystemError(error, file, 'read the configuration file');
    throw new FlywheelError('CONFIG_UNREADABLE', e.message, {
      where: { file },
      hint: e.code === 'NOT_FOUND' ? 'Run `flywheel init` to create a workspace.' : e.hint,
      cause: error,
    });
  }
}

/** The default config written by `flywheel init`. */
export function defaultConfigText(name: string): string {
  return [
    '# Flywheel workspace configuration. Reference: docs/config.md',
    'version: 1',
    `name: ${JSON.stringify(name)}`,
    'metadata:',
    '  # sqlite:PATH (relative to this file) or postgres://user@host:5432/db?schema=NAME',
    '  url: sqlite:.flywheel/metadata.db',
    'artifacts:',
    '  # file:PATH (relative to this file): a content-addressed object store',
    '  url: file:.flywheel/objects',
    'gc:',
    '  # objects younger than this are never collected, so a writer that has put an object',
    '  # but not yet recorded it cannot lose it',
    '  grace_period: 1h',
    '',
  ].join('\n');
}

function applyEnvOverrides(sections: ConfigSections, raw: Record<string, unknown>, env: ConfigEnv) {
  const value: Record<string, unknown> = structuredClone(raw);
  const fromEnv = new Map<string, string>();
  for (const [section, { env: variables }] of Object.entries(sections)) {
    for (const [key, name] of Object.entries(variables ?? {})) {
      const v = env[name];
      if (v === undefined || v === '') continue;
      const current = value[section];
      const obj = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
      value[section] = { ...obj, [key]: v };
      fromEnv.set(`${section}.${key}`, name);
    }
  }
  return { value, fromEnv };
}

function configIssueError(
  schema: z.ZodType,
  sections: ConfigSections,
  error: z.ZodError,
  yaml: YamlFile,
  fromEnv: Map<string, string>,
): FlywheelError {
  const issue = firstIssue(error, yaml.value, false)!;
  const keyPath = issue.path.map(String).join('.');
  const envName = fromEnv.get(keyPath);
  if (envName) {
    return new FlywheelError('CONFIG_INVALID', `${envName} is invalid (${keyPath}): ${issue.message}`, {
      where: { path: keyPath },
      hint: `Fix or unset the ${envName} environment variable.`,
    });
  }
  return yamlIssueError(schema, yaml, issue, {
    hint: (path) => {
      const custom = issue.code === 'custom' ? issue.params?.hint : undefined;
      if (typeof custom === 'string') return custom;
      const key = path.join('.');
      if (issue.code === 'unrecognized_keys') {
        return `Remove or rename "${key}"; the keys allowed here are listed in docs/config.md.`;
      }
      const section =
        path[0] !== undefined && Object.hasOwn(sections, path[0]) ? sections[path[0]] : undefined;
      return section?.hint ?? `Fix the value of "${key}"; see docs/config.md for the allowed values.`;
    },
  });
}

/** Resolve a path written in flywheel.yaml relative to the workspace root. */
export function resolveWorkspacePath(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}
