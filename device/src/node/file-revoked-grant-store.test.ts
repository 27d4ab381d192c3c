import { readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rememberRevokedGrant } from '../sharing/revoked-grants.ts';
import { FileRevokedGrantStore } from './file-revoked-grant-store.ts';
import { useTempDir } from './temp-dir.test-support.ts';

describe('FileRevokedGrantStore', () => {
  const inDir = useTempDir('seccam-revoked-');

  it('remembers revoked grants across instances, once each, in a public file', async () => {
    const path = inDir('state', 'revoked-grants.json');
    expect(await new FileRevokedGrantStore(path).load()).toEqual([]);
    await rememberRevokedGrant(new FileRevokedGrantStore(path), '0B6F4C1E-9A55-4C0D-8F7E-2A3B4C5D6E7F');
    await rememberRevokedGrant(new FileRevokedGrantStore(path), '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f');
    await rememberRevokedGrant(new FileRevokedGrantStore(path), '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5');
    expect(await new FileRevokedGrantStore(path).load()).toEqual([
      '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f',
      '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5',
    ]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ v: 1 });
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('refuses a damaged file instead of forgetting the revocations', async () => {
    const damaged: [string, string][] = [
      ['garbage', '{not json'],
      ['version', '{"v":2,"grants":[]}'],
      ['ids', '{"v":1,"grants":["drop table"]}'],
    ];
    for (const [name, text] of damaged) {
      const path = inDir(`${name}.json`);
      await writeFile(path, text);
      await expect(new FileRevokedGrantStore(path).load()).rejects.toThrow(/damaged; it lists the grants you revoked/);
    }
  });
});
