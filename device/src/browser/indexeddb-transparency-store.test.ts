/**
 * The browser's memory of the transparency log in real Chromium: a saved head and log pin survive
 * a reload, each API origin has its own, and a damaged record is refused rather than forgotten.
 */
import { describe, expect, it } from 'vitest';
import type { TransparencyState } from '../transparency/transparency-store.ts';
import type * as entry from './indexeddb-transparency-store.test-entry.ts';
import { useTestSite } from './browser-site.test-support.ts';

const STATE: TransparencyState = {
  logIdHex: 'ab'.repeat(32),
  head: {
    treeSize: 42,
    rootHashB64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    timestamp: '2026-12-01T21:40:00.000Z',
    signatureB64: 'c2ln',
  },
};

describe('IndexedDbTransparencyStore in Chromium', () => {
  const { call, reload } = useTestSite<typeof entry>(
    new URL('./indexeddb-transparency-store.test-entry.ts', import.meta.url),
    'seccam-idb-transparency-',
  );

  it('keeps the pinned log and newest head per API origin across a reload', async () => {
    expect(await call('load', { server: 'https://a.example' })).toBeNull();
    await call('save', { server: 'https://a.example', state: STATE });
    await reload();
    expect(await call('load', { server: 'https://a.example' })).toEqual(STATE);
    expect(await call('load', { server: 'https://b.example' })).toBeNull();
  });

  it('refuses a damaged record instead of starting afresh', async () => {
    await call('damage', { server: 'https://c.example' });
    expect(await call('loadError', { server: 'https://c.example' })).toMatch(/damaged/);
  });

  it('keeps the grants the driver revoked per API origin across a reload, and refuses a damaged list', async () => {
    const ids = ['0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f', '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5'];
    expect(await call('loadRevoked', { server: 'https://a.example' })).toEqual([]);
    await call('saveRevoked', { server: 'https://a.example', grantIds: ids });
    await reload();
    expect(await call('loadRevoked', { server: 'https://a.example' })).toEqual(ids);
    expect(await call('loadRevoked', { server: 'https://b.example' })).toEqual([]);
    await call('damageRevoked', { server: 'https://d.example' });
    expect(await call('loadRevoked', { server: 'https://d.example' })).toMatch(/^error: .*damaged/);
  });

  it('upgrades a database of the first version without losing the remembered head', async () => {
    await call('writeVersion1', { server: 'https://a.example', state: STATE });
    expect(await call('afterUpgrade', { server: 'https://a.example' })).toEqual({
      state: STATE,
      revoked: ['0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f'],
    });
  });
});
