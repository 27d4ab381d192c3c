/**
 * The browser's verified contacts in real Chromium: kept per API origin across a reload, and a
 * damaged record refused rather than forgotten ([Note: verified contacts]).
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '../contacts/contact-store.ts';
import type * as entry from './indexeddb-contact-store.test-entry.ts';
import { useTestSite } from './browser-site.test-support.ts';

const CONTACT: Contact = {
  owner: 'alice1',
  username: 'acme1',
  role: 'dispatcher',
  fingerprintsHex: ['ab'.repeat(32)],
  verifiedAt: '2026-12-04T10:00:00.000Z',
  method: 'code',
};

describe('IndexedDbContactStore in Chromium', () => {
  const { call, reload } = useTestSite<typeof entry>(
    new URL('./indexeddb-contact-store.test-entry.ts', import.meta.url),
    'seccam-idb-contacts-',
  );

  it('keeps the contacts per API origin across a reload', async () => {
    expect(await call('load', { server: 'https://a.example' })).toEqual([]);
    await call('save', { server: 'https://a.example', contacts: [CONTACT] });
    await reload();
    expect(await call('load', { server: 'https://a.example' })).toEqual([CONTACT]);
    expect(await call('load', { server: 'https://b.example' })).toEqual([]);
  });

  it('refuses a damaged record instead of forgetting whom you verified', async () => {
    const damaged = [{ not: 'a list' }, [{ ...CONTACT, fingerprintsHex: ['not hex'] }], [{ ...CONTACT, method: 'trusted' }]];
    for (const [i, value] of damaged.entries()) {
      const server = `https://damaged-${i}.example`;
      await call('damage', { server, value });
      expect(await call('load', { server })).toMatch(/^error: .*damaged; verify them again/);
    }
  });
});
