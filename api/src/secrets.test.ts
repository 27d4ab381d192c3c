import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveSecrets, loadMasterSecret } from './secrets.ts';

describe('server secrets', () => {
  it('generates the dev master secret once, mode 0600, and reuses it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'seccam-secrets-')), 'data');
    const first = loadMasterSecret(undefined, dir);
    const file = join(dir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(loadMasterSecret(undefined, dir)).toEqual(first);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(Buffer.from(first));
  });

  it('prefers the environment and refuses a short secret', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadMasterSecret(b64, '/nonexistent')).toEqual(new Uint8Array(Buffer.alloc(32, 7)));
    expect(() => loadMasterSecret(Buffer.alloc(16).toString('base64'), '/nonexistent')).toThrow(/32 random bytes/);
  });

  it('derives a distinct key per purpose, stable for one master', () => {
    const master = new Uint8Array(32).fill(1);
    const a = deriveSecrets(master);
    const hexes = Object.values(a).map((k) => Buffer.from(k).toString('hex'));
    expect(new Set(hexes).size).toBe(hexes.length);
    expect(deriveSecrets(master)).toEqual(a);
    expect(deriveSecrets(new Uint8Array(32).fill(2)).sessionKey).not.toEqual(a.sessionKey);
  });
});
