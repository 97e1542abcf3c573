/**
 * `flywheel export MODEL --format web`, in process: a registered iris GBDT written as a bundle whose
 * model.js, imported from the folder, answers every iris row exactly as `flywheel predict` wrote it
 * (JSON Lines: labels equal, probabilities bit-identical); `--json` gives the figures; a budget it
 * cannot meet ends with CHECK_FAILED's exit code (1) and the measured figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/services.js';
import { main } from '../main.js';

const IRIS = fileURLToPath(new URL('../../../test/fixtures/data/iris.csv', import.meta.url));

async function run(cwd: string, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(
    ['-C', cwd, ...args],
    { stdout, stderr: stderr as unknown as NodeJS.WriteStream },
    {},
  );
  return { code, out, err };
}

describe('flywheel export --format web', () => {
  const dir = tempDir('flywheel-export-web-');
  beforeAll(async () => {
    for (const args of [
      ['init', '.'],
      ['data', 'add', IRIS, '--name', 'iris'],
      [
        'train',
        '--data',
        'iris:1',
        '--target',
        'target',
        '--model',
        'gbdt',
        '-p',
        'n_estimators=8',
        '--register',
        'iris',
      ],
      ['predict', 'iris:1', '--input', IRIS, '--output', 'pred.jsonl'],
    ]) {
      const r = await run(dir.path, args);
      expect(r.code, r.err).toBe(0);
    }
  }, 120_000);

  it('writes model.js and model.bin that answer as flywheel predict does, with the figures in --json', async () => {
    const r = await run(dir.path, ['export', 'iris:1', '--format', 'web', '-o', 'web', '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.format).toBe('web');
    expect(report.files.map((f: { name: string }) => f.name)).toEqual(['model.js', 'model.bin']);
    expect(report.gzipBytes).toBeGreaterThan(0);
    expect(report.nodeLatencyUs).toBeGreaterThan(0);
    const mod = await import(pathToFileURL(join(dir.path, 'web', 'model.js')).href);
    const edge = mod.createModel(new Uint8Array(readFileSync(join(dir.path, 'web', 'model.bin'))));
    const lines = readFileSync(join(dir.path, 'pred.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const csv = readFileSync(IRIS, 'utf8').trim().split('\n');
    const names = csv[0]!.split(',');
    expect(lines.length).toBe(csv.length - 1);
    let differ = 0;
    csv.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      const row = Object.fromEntries(
        names.flatMap((n, j) => (n === 'target' ? [] : [[n, Number(cells[j])]])),
      );
      const got = edge.predict(row);
      const want = lines[i]!;
      const probs = Object.keys(want)
        .filter((k) => k.startsWith('prob'))
        .map((k) => want[k]);
      if (
        String(got.label) !== String(want.prediction) ||
        got.action !== want.action ||
        !probs.every((p, k) => Object.is(p, got.probabilities[k]))
      )
        differ++;
    });
    expect(differ).toBe(0);
  });

  it('fails a broken budget with exit code 1 and the measured figures', async () => {
    const r = await run(dir.path, [
      'export',
      'iris:1',
      '--format',
      'web',
      '-o',
      'web2',
      '--max-size',
      '1KB',
      '--max-latency-us',
      '0.001',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/size \d+ bytes gzipped > 1000; latency [\d.]+ µs\/row \(Node, median\) > 0\.001/);
  });
});
