import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';
import { renderCliReference } from './reference.js';

describe('docs/cli.md', () => {
  it('is the reference generated from the command definitions (run `npm run docs:cli` after changing a command)', () => {
    const { program } = buildProgram({ stdout: process.stdout, stderr: process.stderr }, {});
    const generated = renderCliReference(program);
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
    expect(committed).toBe(generated);
    for (const cmd of ['init', 'data add', 'train', 'eval', 'serve', 'predict', 'drift', 'demo'])
      expect(generated).toContain(`## \`flywheel ${cmd}\``);
  });
});
