/** `flywheel data …`: version datasets by content, inspect, compare, restore and profile them. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type CommandContext, withPlatform } from '../context.js';
import { printResult, table } from '../output.js';
import { filesOnly } from './file-data.js';
import { formatValidations } from './validation-format.js';

/** What the actions use besides the platform, loaded when one runs (core, data). */
const load = async () => ({
  ...(await import('../../core/index.js')),
  ...(await import('../../data/index.js')),
  ...(await import('./data-format.js')),
  ...(await import('../progress.js')),
});

/** Register `flywheel data`. */
export function registerDataCommands(program: Command, ctx: CommandContext): void {
  const data = program
    .command('data')
    .description('version datasets by content; list, show, diff, checkout, tag and profile them');
  data
    .command('add')
    .description('store a file or folder and record it as the next version of a dataset')
    .argument('<path>', 'file or folder to add')
    .option('--name <name>', 'dataset name (default: the file or folder name)')
    .option('--tag <tag>', 'point this tag at the new version')
    .option('-m, --message <text>', 'a note kept with the version')
    .option('--no-profile', 'skip row count, schema and profile (tabular files are profiled by default)')
    .action(
      ctx.run(
        async (path: string, opts: { name?: string; tag?: string; message?: string; profile: boolean }) => {
          const g = ctx.globals();
          const { cumulativeProgress, formatBytes } = await load();
          const result = await withPlatform(ctx, async (p) => {
            const progress = cumulativeProgress(ctx.streams, g, 'data add');
            const r = await p.data.add(resolve(g.cwd, path), {
              ...opts,
              onProgress: (done, total) => progress.update(done, total),
            });
            progress.done();
            return r;
          });
          printResult(ctx.streams, g, result, (r) => {
            const d = r.dataset;
            const what = `${d.name}:${d.version} (${d.fileCount} file${d.fileCount === 1 ? '' : 's'}, ${formatBytes(d.size)}${d.rowCount === null ? '' : `, ${d.rowCount.toLocaleString('en-US')} rows`})`;
            const head = r.created ? `Added ${what}` : `Unchanged: ${what} already holds this content`;
            return `${head}${r.tag ? ` tagged @${r.tag}` : ''}\n  hashed ${r.hashed} file(s), ${r.reused} unchanged from the stat cache, ${r.newObjects} new object(s)`;
          });
        },
      ),
    );

  data
    .command('list')
    .description('list datasets with their latest version')
    .action(
      ctx.run(async () => {
        const g = ctx.globals();
        const { formatBytes } = await load();
        const list = await withPlatform(ctx, (p) => p.data.list());
        printResult(ctx.streams, g, list, (l) =>
          l.length === 0
            ? 'No datasets yet. Add one with: flywheel data add FILE'
            : table([
                ['NAME', 'VERSIONS', 'LATEST', 'FILES', 'SIZE', 'ROWS', 'ADDED'],
                ...l.map((d) => [
                  d.name,
                  d.versions,
                  d.latest.version,
                  d.latest.fileCount,
                  formatBytes(d.latest.size),
                  d.latest.rowCount ?? '-',
                  new Date(d.latest.createdAt).toISOString().slice(0, 19),
                ]),
              ]),
        );
      }),
    );

  data
    .command('show')
    .description('show a dataset (versions and tags) or one version (name:N, name@tag)')
    .argument('<ref>', 'NAME, NAME:VERSION or NAME@TAG')
    .action(
      ctx.run(async (ref: string) => {
        const g = ctx.globals();
        const { formatBytes, formatVersion, parseVersionRef } = await load();
        const parsed = parseVersionRef(ref);
        if (parsed.kind === 'name') {
          const shown = await withPlatform(ctx, (p) => p.data.show(parsed.name));
          printResult(ctx.streams, g, shown, (s) =>
            [
              table([
                ['VERSION', 'FILES', 'SIZE', 'ROWS', 'AUTHOR', 'ADDED', 'MESSAGE'],
                ...s.versions.map((v) => [
                  v.version,
                  v.fileCount,
                  formatBytes(v.size),
                  v.rowCount ?? '-',
                  v.author,
                  new Date(v.createdAt).toISOString().slice(0, 19),
                  v.message,
                ]),
              ]),
              s.tags.length ? `tags: ${s.tags.map((t) => `@${t.tag} → ${t.version}`).join(', ')}` : '',
            ].join('\n'),
          );
          return;
        }
        const version = await withPlatform(ctx, async (p) => {
          const dataset = (await p.data.resolve(ref, g.cwd)).dataset!;
          return { ...dataset, validations: await p.validation.results(dataset) };
        });
        printResult(ctx.streams, g, version, (v) => formatVersion(v) + formatValidations(v.validations));
      }),
    );

  data
    .command('diff')
    .description('compare two versions: files, rows, schema and per-column distributions')
    .argument('<from>', 'NAME:VERSION or NAME@TAG')
    .argument('<to>', 'NAME:VERSION or NAME@TAG')
    .action(
      ctx.run(async (from: string, to: string) => {
        const g = ctx.globals();
        const { formatDiff } = await load();
        const diff = await withPlatform(ctx, (p) => p.data.diff(from, to));
        printResult(ctx.streams, g, diff, formatDiff);
      }),
    );

  data
    .command('checkout')
    .description('restore a version byte-identical (every file verified against its hash)')
    .argument('<ref>', 'NAME:VERSION or NAME@TAG')
    .requiredOption('--out <path>', 'where to write the file or folder')
    .option('--force', 'overwrite an existing file or non-empty folder')
    .action(
      ctx.run(async (ref: string, opts: { out: string; force?: boolean }) => {
        const g = ctx.globals();
        const { formatBytes } = await load();
        const r = await withPlatform(ctx, (p) =>
          p.data.checkout(ref, resolve(g.cwd, opts.out), { force: opts.force }),
        );
        printResult(
          ctx.streams,
          g,
          r,
          (x) =>
            `Checked out ${x.name}:${x.version} to ${x.out} (${x.files} file(s), ${formatBytes(x.bytes)}, verified)`,
        );
      }),
    );

  data
    .command('tag')
    .description('point a tag at a version (moves it if it exists; the move is audited)')
    .argument('<ref>', 'NAME:VERSION or NAME@TAG')
    .argument('<tag>', 'tag name')
    .action(
      ctx.run(async (ref: string, tag: string) => {
        const g = ctx.globals();
        const r = await withPlatform(ctx, (p) => p.data.tag(ref, tag));
        printResult(
          ctx.streams,
          g,
          r,
          (x) => `${x.name}@${x.tag} → ${x.version}${x.previous === undefined ? '' : ` (was ${x.previous})`}`,
        );
      }),
    );

  data
    .command('profile')
    .description(
      'profile a file or version: types, nulls, distinct, ranges, quantiles, histograms, top values',
    )
    .argument('<data>', 'a file path, NAME:VERSION or NAME@TAG')
    .option('--html <file>', 'write a readable HTML report with charts')
    .action(
      ctx.run(async (ref: string, opts: { html?: string }) => {
        const g = ctx.globals();
        const { formatProfile, profileFile, renderProfileHtml, writeFileAtomic } = await load();
        // A file needs no workspace (nothing is recorded); a dataset reference opens it.
        const file = (await filesOnly([ref], g.cwd))?.[0]?.files[0];
        const { source, profile } = file
          ? { source: file, profile: await profileFile(file) }
          : await withPlatform(ctx, (p) => p.data.profile(ref, g.cwd));
        if (opts.html) {
          const out = resolve(g.cwd, opts.html);
          await writeFileAtomic(out, renderProfileHtml(profile, { title: `Profile of ${source}` }));
          printResult(
            ctx.streams,
            g,
            { source, html: out, rowCount: profile.rowCount, columns: profile.columns.length },
            (r) => `Wrote ${r.html} (${r.rowCount} rows, ${r.columns} columns)`,
          );
          return;
        }
        printResult(ctx.streams, g, profile, (pr) => formatProfile(source, pr));
      }),
    );

  data
    .command('split')
    .description(
      'split a version into train and test versions (NAME-train, NAME-test) that record it as their source',
    )
    .argument('<ref>', 'NAME:VERSION or NAME@TAG')
    .requiredOption('--test <share>', 'the test share of rows, between 0 and 1 (e.g. 0.2)')
    .option('--stratify <column>', "keep each value's share of this column (within one row) on both sides")
    .option(
      '--by <column>',
      'keep all rows with the same value of this column (e.g. customer_id) on one side',
    )
    .option('--seed <n>', 'the seed: the same version and seed give the same split', '0')
    .option('--train-name <name>', 'name of the train part (default NAME-train)')
    .option('--test-name <name>', 'name of the test part (default NAME-test)')
    .action(
      ctx.run(
        async (
          ref: string,
          opts: {
            test: string;
            stratify?: string;
            by?: string;
            seed: string;
            trainName?: string;
            testName?: string;
          },
        ) => {
          const g = ctx.globals();
          const { FlywheelError } = await load();
          const number = (flag: string, text: string) => {
            const n = Number(text);
            if (text.trim() === '' || !Number.isFinite(n))
              throw new FlywheelError('USAGE', `${flag} needs a number (got "${text}")`, {
                hint: 'For example: flywheel data split iris:1 --test 0.2 --seed 7',
              });
            return n;
          };
          const { seed, test, ...rest } = opts;
          const options = { ...rest, test: number('--test', test), seed: number('--seed', seed) };
          const r = await withPlatform(ctx, (p) => p.data.split(ref, options, g.cwd));
          printResult(ctx.streams, g, r, (x) =>
            [x.train, x.test]
              .map(
                (part) =>
                  `${part.created ? 'Added' : 'Unchanged:'} ${part.dataset.name}:${part.dataset.version} (${part.dataset.rowCount ?? '?'} rows) from ${x.source}`,
              )
              .join('\n'),
          );
        },
      ),
    );
}
