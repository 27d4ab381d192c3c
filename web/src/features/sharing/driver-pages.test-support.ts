/**
 * Test support for the driver's pages in real Chromium against the real API: the built app, a
 * driver signed in within the page with a saved bundle, a dispatcher with the SDK in Node, and
 * recordings of the real WebM fixture made with the SDK's Recorder.
 *
 * [Note: one session for the page and the Node recorder]
 * TOTP codes are single-use per 30 s step and the account's confirmation already used the
 * current step, so only one login per account can happen without waiting for the clock. The
 * driver signs in within the page (that is what the pages need: the bundle's keys in the page's
 * memory), and the Node recorder then records on that same session, given the page's cookie.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupIntoPayloads, identityFromBundle, login, Recorder, sealBundle, type Identity } from '@seccam/device';
import { HttpsClient, readMediaFile } from '@seccam/device/node';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import {
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  freePort,
  launchChromiumContext,
  MemoryMailer,
  startTestApi,
  TEST_ORIGIN,
  type ReadyAccount,
  type TestApi,
} from '@seccam/testkit';

const webDir = fileURLToPath(new URL('../../..', import.meta.url));
/** Four seconds of VP8 320×240 + Opus (device/fixtures/README.md). */
export const FIXTURE = fileURLToPath(new URL('../../../../device/fixtures/test-drive.webm', import.meta.url));
const BUNDLE_PASSWORD = 'correct horse battery staple';

export interface NodeParty {
  readonly account: ReadyAccount;
  readonly client: HttpsClient;
  readonly identity: Identity;
  readonly username: string;
}

export interface DriverPages {
  readonly dir: string;
  readonly api: TestApi;
  readonly origin: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The driver, on the page's session once {@link signInDriver} ran. */
  readonly driver: NodeParty;
  readonly dispatcher: NodeParty;
  /** Content Security Policy reports and uncaught page errors, to be empty at the end. */
  readonly problems: string[];
}

/**
 * Builds the app, starts the API on its origin, creates a driver and a dispatcher, opens
 * Chromium. The dispatcher is signed in from Node unless `dispatcherInPage` (it then signs in
 * within the page with {@link signInInPage}: one login per account, [Note: one session for the
 * page and the Node recorder]).
 */
export async function startDriverPages(options: { readonly dispatcherInPage?: boolean } = {}): Promise<DriverPages> {
  const dir = await mkdtemp(join(tmpdir(), 'seccam-driver-pages-'));
  const outDir = join(dir, 'dist');
  await build({ root: webDir, configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const origin = `https://localhost:${port}`;
  // The test kit registers accounts from its own origin; the page and the Node parties use the app's.
  const api = await startTestApi({
    port,
    mailer: new MemoryMailer(),
    env: { WEB_ROOT: outDir, PUBLIC_ORIGIN: origin, ALLOWED_ORIGINS: TEST_ORIGIN },
  });
  const party = async (role: 'driver' | 'dispatcher'): Promise<NodeParty> => {
    const account = await createReadyAccount(api, role === 'driver' ? driverAccount() : dispatcherAccount());
    const client = new HttpsClient({ baseUrl: api.baseUrl, ca: api.pki.rootPem, origin });
    return { account, client, identity: await identityFromBundle(account.contents), username: account.contents.username };
  };
  const [driver, dispatcher] = await Promise.all([party('driver'), party('dispatcher')]);
  if (options.dispatcherInPage !== true) await login(dispatcher.client, dispatcher.account.contents, dispatcher.account.nextCode);
  const context = await launchChromiumContext(join(dir, 'profile'), { ignoreHTTPSErrors: true, acceptDownloads: true });
  const problems: string[] = [];
  context.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.push(message.text());
  });
  context.on('weberror', (error) => {
    problems.push(error.error().message);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { dir, api, origin, context, page, driver, dispatcher, problems };
}

export async function stopDriverPages(world: DriverPages | undefined): Promise<void> {
  if (world === undefined) return;
  await world.context.close();
  await world.api.stop();
  await rm(world.dir, { recursive: true, force: true });
}

/**
 * Signs the driver in within the page (bundle file, password, TOTP code), starting at `path`
 * so the sign-in returns there; then gives the page's session to the Node client
 * ([Note: one session for the page and the Node recorder]).
 */
export async function signInDriver(world: DriverPages, path: string): Promise<void> {
  await signInInPage(world, world.driver, path);
}

/** Signs `party` in within the page at `path` and gives the page's session to its Node client (see {@link signInDriver}). */
export async function signInInPage(world: DriverPages, party: NodeParty, path: string): Promise<void> {
  const { page, origin } = world;
  const bundlePath = join(world.dir, `${party.username}.sec.json`);
  await writeFile(bundlePath, JSON.stringify(await sealBundle(party.account.contents, BUNDLE_PASSWORD)));
  await page.goto(`${origin}${path}`);
  await page.waitForURL(`${origin}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
  await page.getByLabel('Bundle password').fill(BUNDLE_PASSWORD);
  await page.getByLabel('Code from your authenticator').fill(party.account.nextCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}${path}`, { timeout: 30_000 });
  for (const cookie of await world.context.cookies(origin)) party.client.cookies.set(cookie.name, cookie.value);
}

/**
 * Records the fixture as the driver (Node SDK); `end: false` leaves the stream open (live, no
 * END); `realtime` pushes each frame at its capture time, as a camera would (4 s).
 */
export async function recordFixture(
  world: DriverPages,
  title: string,
  options: { readonly end?: boolean; readonly realtime?: boolean } = {},
): Promise<Recorder> {
  const media = await readMediaFile(FIXTURE);
  // The title and start are signed in every INIT frame, as the record page does ([Note: signed stream info]).
  const captureStartMs = Date.now();
  const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs, info: { title, startedAtMs: captureStartMs } });
  const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, title });
  for (const group of groups) {
    const wait = group.captureTsMs - Date.now();
    if (options.realtime === true && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await recorder.push(group);
  }
  if (options.end !== false) await recorder.end();
  else await untilAcked(recorder);
  return recorder;
}

/**
 * With `SECCAM_SCREENSHOT_DIR` set, saves the page at 375 px and 1440 px wide as `<name>-375.png`
 * and `<name>-1440.png` there, and `<name>-375-dark.png` in the dark scheme (for looking at the layout, and for docs/screenshots/).
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.SECCAM_SCREENSHOT_DIR;
  if (dir === undefined || dir === '') return;
  const before = page.viewportSize();
  for (const width of [375, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 375, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(dir, `${name}-375-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: null });
  if (before !== null) await page.setViewportSize(before);
}

/** Resolves once the server has acked every frame the recorder sealed. */
function untilAcked(recorder: Recorder, timeoutMs = 15_000): Promise<void> {
  const last = recorder.progress.nextSeq - 1;
  return new Promise((resolve, reject) => {
    const done = (): boolean => (recorder.progress.ingest.lastAckedSeq ?? -1) >= last;
    if (done()) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      off();
      reject(new Error(`frames up to seq ${last} not acked within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = recorder.ingest.on('ack', () => {
      if (!done()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/**
 * Starts the world before a test file's tests (the driver signed in at `path`, then `seed`) and
 * stops it after them; the returned function gives the started world.
 */
export function useDriverPages(path: string, seed: (world: DriverPages) => Promise<void>): () => DriverPages {
  let world: DriverPages | undefined;
  beforeAll(async () => {
    world = await startDriverPages();
    await signInDriver(world, path);
    await seed(world);
  }, 120_000);
  afterAll(() => stopDriverPages(world));
  return () => {
    if (world === undefined) throw new Error('the driver pages did not start');
    return world;
  };
}
