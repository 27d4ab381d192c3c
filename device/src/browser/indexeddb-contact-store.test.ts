/**
 * The browser's verified contacts in real Chromium: kept per API origin across a reload, and a
 * damaged record refused rather than forgotten ([Note: verified contacts]).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumContext } from '@seccam/testkit';
import type { Contact } from '../contacts/contact-store.ts';
import type * as entry from './indexeddb-contact-store.test-entry.ts';
import { buildTestSite, serveTestSite, SITE_ORIGIN } from './browser-site.test-support.ts';

type Entry = typeof entry;
type TestWindow = { seccamTest?: Entry };

const CONTACT: Contact = {
  owner: 'alice1',
  username: 'acme1',
  role: 'dispatcher',
  fingerprintsHex: ['ab'.repeat(32)],
  verifiedAt: '2026-12-04T10:00:00.000Z',
  method: 'code',
};

describe('IndexedDbContactStore in Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;

  const call = async <K extends keyof Entry>(name: K, input: Parameters<Entry[K]>[0]): Promise<Awaited<ReturnType<Entry[K]>>> =>
    (await page.evaluate(([fn, arg]) => ((window as unknown as TestWindow).seccamTest?.[fn] as (x: unknown) => unknown)(arg), [
      name,
      input,
    ] as const)) as Awaited<ReturnType<Entry[K]>>;

  const ready = (): Promise<unknown> => page.waitForFunction(() => (window as unknown as TestWindow).seccamTest !== undefined);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-idb-contacts-'));
    const files = await buildTestSite(fileURLToPath(new URL('./indexeddb-contact-store.test-entry.ts', import.meta.url)), dir);
    context = await launchChromiumContext(join(dir, 'profile'));
    await serveTestSite(context, files);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${SITE_ORIGIN}/`);
    await ready();
  });

  afterAll(async () => {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the contacts per API origin across a reload', async () => {
    expect(await call('load', { server: 'https://a.example' })).toEqual([]);
    await call('save', { server: 'https://a.example', contacts: [CONTACT] });
    await page.reload();
    await ready();
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
