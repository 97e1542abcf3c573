import { describe, expect, it } from 'vitest';
import { checkRemoteSource, isInternalHost, unsafeSourceReason } from './sources.js';

describe('isInternalHost', () => {
  it.each([
    '127.0.0.1',
    '127.1',
    '0x7f000001',
    '2130706433',
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '169.254.169.254',
    '172.31.255.255',
    '192.168.1.1',
    '224.0.0.1',
    '255.255.255.255',
    '[::1]',
    '[::]',
    '[fd00::1]',
    '[fe80::1]',
    '[::ffff:a9fe:a9fe]',
    '[64:ff9b::a9fe:a9fe]',
    '[2002:a9fe:a9fe::1]',
    'localhost',
    'LOCALHOST.',
    'api.localhost',
    'printer.local',
    'metadata.google.internal',
    'nas.lan',
    'router.home.arpa',
    'redis',
  ])('%s is internal', (host) => {
    expect(isInternalHost(host)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '[2001:4860:4860::8888]', 'example.com', 'models.example.com.'])(
    '%s is public',
    (host) => {
      expect(isInternalHost(host)).toBe(false);
    },
  );
});

describe('checkRemoteSource', () => {
  it("refuses paths and file URLs, allows the server's own URIs and object stores", () => {
    for (const s of [
      '/etc/passwd',
      'model',
      './m',
      '~/m',
      '\\\\server\\share\\m',
      'file:/etc',
      'unix:/run/x.sock',
    ])
      expect(unsafeSourceReason(s)).toBeDefined();
    for (const s of [
      'runs:/abc/model',
      'models:/m/1',
      'flywheel:/runs/a/artifacts/m',
      's3://redis/x',
      'gs://b/x',
    ])
      expect(unsafeSourceReason(s)).toBeUndefined();
  });

  it('honours allowed prefixes only below them, dot segments resolved', () => {
    const allowed = ['file:///shared/models/', '/srv/models/', 'http://10.0.0.5/models/'];
    expect(checkRemoteSource('file:///shared/models/a', allowed)).toBe('file:///shared/models/a');
    expect(checkRemoteSource('/srv/models/a/../b', allowed)).toBe('/srv/models/a/../b');
    expect(checkRemoteSource('http://10.0.0.5/models/m.tgz', allowed)).toBe('http://10.0.0.5/models/m.tgz');
    for (const s of [
      'file:///shared/models/../x',
      '/srv/models/../../etc/passwd',
      'http://10.0.0.5/models/../admin',
    ])
      expect(() => checkRemoteSource(s, allowed)).toThrow(/is refused/);
    expect(() => checkRemoteSource('/etc/passwd', [''])).toThrow(/is refused/);
  });
});
