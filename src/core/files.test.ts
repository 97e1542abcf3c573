import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';
import { FlywheelError } from './errors.js';
import { writeFileAtomic } from './files.js';

describe('writeFileAtomic', () => {
  it('writes and replaces a file, leaving no temporary file behind', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'report.html');
      await writeFileAtomic(file, 'first');
      await writeFileAtomic(file, 'second');
      expect(readFileSync(file, 'utf8')).toBe('second');
      expect(readdirSync(dir.path)).toEqual(['report.html']);
    } finally {
      dir.cleanup();
    }
  });

  it('names the file when it cannot write', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'missing', 'report.html');
      const error = await writeFileAtomic(file, 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlywheelError);
      expect((error as FlywheelError).message).toContain(file);
      expect(readdirSync(dir.path)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });
});
