/**
 * The CLI reference (docs/cli.md), generated from the command definitions themselves, so it cannot
 * drift from what `--help` prints: `npm run docs:cli` rewrites it and a test fails when it is stale.
 */
import type { Argument, Command, Option } from 'commander';

function usage(cmd: Command, path: string): string {
  const args = (cmd.registeredArguments as readonly Argument[]).map((a) =>
    a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`,
  );
  return [`flywheel ${path}`.trim(), cmd.options.length > 0 ? '[options]' : '', ...args]
    .filter(Boolean)
    .join(' ');
}

function optionRow(o: Option): string {
  const def =
    o.defaultValue === undefined || (Array.isArray(o.defaultValue) && o.defaultValue.length === 0)
      ? ''
      : ` (default: ${JSON.stringify(o.defaultValue)})`;
  return `| \`${o.flags.replace(/\|/g, '\\|')}\` | ${(o.description + def).replace(/\|/g, '\\|')} |`;
}

function section(cmd: Command, path: string, out: string[]): void {
  const subs = cmd.commands as readonly Command[];
  if (path) {
    out.push(`## \`flywheel ${path}\``, '', cmd.description(), '', '```', usage(cmd, path), '```', '');
    const args = cmd.registeredArguments as readonly Argument[];
    if (args.length > 0) {
      out.push(
        '| argument | meaning |',
        '|---|---|',
        ...args.map((a) => `| \`${a.name()}\` | ${a.description.replace(/\|/g, '\\|')} |`),
        '',
      );
    }
    const options = cmd.options.filter((o) => !o.hidden);
    if (options.length > 0) out.push('| option | meaning |', '|---|---|', ...options.map(optionRow), '');
  }
  for (const sub of [...subs].sort((a, b) => a.name().localeCompare(b.name())))
    section(sub, `${path} ${sub.name()}`.trim(), out);
}

/** Markdown for every command, sub-command, argument and option of `program`. */
export function renderCliReference(program: Command): string {
  const out = [
    '# CLI reference',
    '',
    '<!-- Generated from the command definitions by `npm run docs:cli`; do not edit by hand. -->',
    '',
    'Global options, accepted by every command:',
    '',
    '| option | meaning |',
    '|---|---|',
    ...program.options.map(optionRow),
    '',
  ];
  section(program, '', out);
  return `${out.join('\n').trimEnd()}\n`;
}
