/**
 * The SDK's full streaming round trip inside real Chromium against the real API: a driver's page
 * seals frames and uploads them over /ws/ingest, a dispatcher's page watches them over /ws/watch,
 * verifies the chain and signatures, unwraps its key, decrypts, and verifies an evidence export.
 * Both pages use `@seccam/device` with the browser transport only, served from the API's origin
 * (its Origin checks and the origin signed into logins are the real ones). Bundling the package
 * entry for the browser, refusing any `node:*` or `ws` import from the repository's code, proves
 * the core is isomorphic.
 */
import { builtinModules } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64, encodeMediaPayload } from '@seccam/schema';
import {
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  freePort,
  launchChromium,
  startTestApi,
  TEST_ORIGIN,
  type ReadyAccount,
  type TestApi,
} from '@seccam/testkit';
import type { RecordInput, RecordResult, WatchInput, WatchResult } from './browser-round-trip.test-entry.ts';
import { groupIntoPayloads } from './media/group-payloads.ts';
import { syntheticSource } from './media/synthetic-source.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./browser-round-trip.test-entry.ts', import.meta.url));
const SOURCE = { seconds: 2, fps: 10, keyframeEveryMs: 1000, bytesPerFrame: 300, audio: true } as const;

/** Fails the build on a Node built-in or `ws` imported by the repository's own code; records who imported what. */
function browserOnly(importers: Set<string>): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'seccam-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer === undefined || importer.includes('/node_modules/') || !importer.startsWith(repoRoot)) return null;
      importers.add(relative(repoRoot, importer));
      if (source === 'ws' || source.startsWith('node:') || builtins.has(source)) {
        this.error(`${relative(repoRoot, importer)} imports '${source}': the isomorphic SDK must run in a browser`);
      }
      return null;
    },
  };
}

type RoundTripWindow = {
  roundTrip?: { record(input: RecordInput): Promise<RecordResult>; watch(input: WatchInput): Promise<WatchResult> };
};

/** A page of its own browser context (one cookie jar per party) with the bundle loaded; its errors go to `errors`. */
async function openPage(browser: Browser, origin: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${origin}/`);
  await page
    .waitForFunction(() => (window as unknown as RoundTripWindow).roundTrip !== undefined, undefined, { timeout: 30_000 })
    .catch((error: unknown) => {
      throw new Error(`the round trip did not load: ${errors.join('; ')}`, { cause: error });
    });
  return page;
}

describe('the SDK in Chromium: seal → ingest → watch → verify → decrypt', () => {
  let dir: string;
  let api: TestApi;
  let browser: Browser;
  let origin: string;
  let driver: ReadyAccount;
  let dispatcher: ReadyAccount;
  const importers = new Set<string>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-sdk-browser-'));
    // Built as an app, the way the web app ships (web/vite.config.ts): an index.html whose one module is the entry.
    const site = join(dir, 'site');
    const webRoot = join(dir, 'web');
    await mkdir(site);
    await writeFile(
      join(site, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>round trip</title><script type="module" src="/main.ts"></script>\n',
    );
    await writeFile(
      join(site, 'main.ts'),
      `import { roundTrip } from ${JSON.stringify(entry)};\n(window as unknown as { roundTrip?: unknown }).roundTrip = roundTrip;\n`,
    );
    await build({
      root: site,
      configFile: false,
      logLevel: 'warn',
      plugins: [browserOnly(importers)],
      build: { outDir: webRoot, emptyOutDir: true },
    });
    const port = await freePort();
    origin = `https://localhost:${port}`;
    // The pages' origin is the API's own; the test kit registers the accounts from Node with its usual Origin.
    api = await startTestApi({ port, env: { WEB_ROOT: webRoot, PUBLIC_ORIGIN: origin, ALLOWED_ORIGINS: TEST_ORIGIN } });
    [driver, dispatcher] = await Promise.all([createReadyAccount(api, driverAccount()), createReadyAccount(api, dispatcherAccount())]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('bundled the package entry for the browser without a Node built-in or ws', () => {
    expect(importers).toContain('device/src/index.ts');
    expect(importers).toContain('device/src/streaming/ingest-client.ts');
    expect(importers).toContain('device/src/streaming/watch-client.ts');
  });

  it('delivers every sealed payload to the grantee, verified and decrypted, and an evidence export that verifies', async () => {
    const media = syntheticSource(SOURCE);
    const expected = [
      ...groupIntoPayloads(media.tracks, media.packets, { captureStartMs: 0 }).map((group) => group.payload),
      encodeMediaPayload({ tracks: [], packets: [] }),
    ].map(bytesToBase64);

    const driverPage = await openPage(browser, origin, pageErrors);
    const recordInput: RecordInput = {
      contents: driver.contents,
      totp: driver.nextCode,
      dispatcher: dispatcher.contents.username,
      source: SOURCE,
    };
    const recorded = await driverPage.evaluate((input) => (window as unknown as RoundTripWindow).roundTrip?.record(input), recordInput);
    if (recorded === undefined) throw new Error('the page has no round trip');
    expect(recorded.sealedB64).toEqual(expected);
    expect(recorded.endSeq).toBe(expected.length - 1);
    expect(recorded.recipients).toEqual([driver.contents.username, dispatcher.contents.username]);

    const dispatcherPage = await openPage(browser, origin, pageErrors);
    const watchInput: WatchInput = { contents: dispatcher.contents, totp: dispatcher.nextCode, streamId: recorded.streamId };
    const watched = await dispatcherPage.evaluate((input) => (window as unknown as RoundTripWindow).roundTrip?.watch(input), watchInput);
    if (watched === undefined) throw new Error('the page has no round trip');
    expect(watched).toMatchObject({ status: 'ended', ended: 'signed', verified: expected.length, unreadable: [] });
    expect(watched.frames.map((frame) => frame.seq)).toEqual([...expected.keys()]);
    expect(watched.frames.map((frame) => frame.payloadB64)).toEqual(expected);
    expect(watched.frames.at(-1)?.end).toBe(true);
    expect(watched.evidence).toEqual({ ok: true, frames: expected.length, decrypted: true, ended: 'signed' });
    expect(pageErrors).toEqual([]);
  });
});
