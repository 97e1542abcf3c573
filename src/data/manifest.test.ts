import { describe, expect, it } from 'vitest';
import { sha256 } from '../core/index.js';
import { parseDataRef, parseVersionRef } from './dataset-ref.js';
import {
  createManifest,
  diffManifests,
  isSafeRelativePath,
  parseManifest,
  serializeManifest,
} from './manifest.js';

describe('manifests', () => {
  const e = (path: string, text: string) => ({ path, digest: sha256(text), size: text.length });

  it('serialise identically whatever the input order, and round-trip', () => {
    const a = createManifest([e('b.txt', 'b'), e('a/x.txt', 'x')]);
    const b = createManifest([e('a/x.txt', 'x'), e('b.txt', 'b')]);
    expect(serializeManifest(a)).toBe(serializeManifest(b));
    expect(parseManifest(serializeManifest(a), 'd')).toEqual(a);
  });

  it('refuse paths that would escape the checkout folder', () => {
    for (const bad of ['../etc/passwd', '/abs', 'a/../../b', 'a//b', './a', 'a\\b'])
      expect(isSafeRelativePath(bad), bad).toBe(false);
    expect(isSafeRelativePath('a/b/c.txt')).toBe(true);
    const evil = JSON.stringify({ version: 1, files: [{ path: '../x', digest: sha256('x'), size: 1 }] });
    expect(() => parseManifest(evil, 'd')).toThrowError(expect.objectContaining({ code: 'OBJECT_CORRUPT' }));
    expect(() => parseManifest('{', 'd')).toThrowError(expect.objectContaining({ code: 'OBJECT_CORRUPT' }));
  });

  it('diff by path and digest', () => {
    const d = diffManifests(
      createManifest([e('a', '1'), e('b', '2'), e('c', '3')]),
      createManifest([e('a', '1'), e('b', 'x'), e('d', '4')]),
    );
    expect(d.added.map((f) => f.path)).toEqual(['d']);
    expect(d.removed.map((f) => f.path)).toEqual(['c']);
    expect(d.changed.map((f) => f.path)).toEqual(['b']);
    expect(d.unchanged).toBe(1);
  });
});

describe('data references', () => {
  const none = () => false;
  it('parse versions, tags and paths', () => {
    expect(parseDataRef('train:3', none)).toEqual({ kind: 'version', name: 'train', version: 3 });
    expect(parseDataRef('train@gold', none)).toEqual({ kind: 'tag', name: 'train', tag: 'gold' });
    expect(parseDataRef('data/train.csv', none)).toEqual({ kind: 'path', path: 'data/train.csv' });
    expect(parseDataRef('train.csv', none)).toEqual({ kind: 'path', path: 'train.csv' });
    expect(parseDataRef('train:3', () => true)).toEqual({ kind: 'path', path: 'train:3' });
    expect(parseVersionRef('train')).toEqual({ kind: 'name', name: 'train' });
    expect(() => parseVersionRef('a/b:1')).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
