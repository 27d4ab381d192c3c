/**
 * The web app against the real API, for the Chromium tests under web/ and `npm run screenshots`:
 * build the app (precompressed, as it ships), start the API on a free port serving it, make a
 * ready driver (registered with keys made by the SDK, e-mail verified, TOTP confirmed) and sign
 * it in through the sign-in page, the way a person does.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confirmTotp, registerAccount, sealBundle, type NewAccount } from '@seccam/device';
import { openBundle } from '@seccam/pki';
import { clientFor, freePort, MemoryMailer, oathtoolCode, startTestApi, type TestApi } from '@seccam/testkit';
import type { Page } from 'playwright-core';
import { build } from 'vite';

export const WEB_DIR = fileURLToPath(new URL('../..', import.meta.url));
const ROUTES_FILE = join(WEB_DIR, 'src', 'app', 'routes.tsx');

export interface RunningApp {
  readonly api: TestApi;
  readonly origin: string;
  readonly mailer: MemoryMailer;
  readonly outDir: string;
}

/** Builds the web app into `outDir` with the project's Vite config (plugins included). */
export async function buildWeb(outDir: string): Promise<void> {
  await build({ root: WEB_DIR, configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** Builds the app into `<dir>/dist` and starts the API serving it at https://localhost:<free port>. */
export async function startApp(dir: string): Promise<RunningApp> {
  const outDir = join(dir, 'dist');
  await buildWeb(outDir);
  const port = await freePort();
  const origin = `https://localhost:${port}`;
  const mailer = new MemoryMailer();
  const api = await startTestApi({ port, mailer, env: { WEB_ROOT: outDir, PUBLIC_ORIGIN: origin } });
  return { api, origin, mailer, outDir };
}

export interface ReadyBrowserAccount {
  readonly username: string;
  readonly bundlePath: string;
  readonly password: string;
  readonly totpSecret: string;
}

/** Registers `account` with the SDK, verifies its e-mail, confirms TOTP, and saves its bundle as `<dir>/<username>.sec.json`. */
export async function readyAccount(app: RunningApp, account: NewAccount, dir: string): Promise<ReadyBrowserAccount> {
  const client = clientFor(app.api, app.origin);
  const registered = await registerAccount(client, account);
  await client.graphql<{ verifyEmail: string }>('mutation($t: String!) { verifyEmail(token: $t) }', {
    t: app.mailer.tokenFor(account.email),
  });
  await confirmTotp(client, account.username, oathtoolCode(registered.totpSecret));
  const password = 'plum river glass orbit lantern';
  const bundlePath = join(dir, `${account.username}.sec.json`);
  await writeFile(bundlePath, JSON.stringify(await sealBundle(registered.contents, password)));
  return { username: account.username, bundlePath, password, totpSecret: registered.totpSecret };
}

/**
 * Signs `account` in on the sign-in page. The code is the next time step's (the confirmation
 * used the current one; the API accepts each step once and ±1 step of now).
 */
export async function signIn(page: Page, origin: string, account: ReadyBrowserAccount): Promise<void> {
  await page.goto(`${origin}/login?next=%2Faccount`);
  await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(account.bundlePath);
  await page.getByLabel('Bundle password').fill(account.password);
  await page.getByLabel('Code from your authenticator').fill(oathtoolCode(account.totpSecret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/account`, { timeout: 30_000 });
}

/** One route of the table as a test visits it. */
export interface RouteToVisit {
  /** The route's path pattern, e.g. `/recordings/:id`. */
  readonly pattern: string;
  /** A concrete path to open (parameters filled with a placeholder, the catch-all with an unknown path). */
  readonly path: string;
  readonly signedIn: boolean;
  /** A file-name-safe name, e.g. `recordings-id`. */
  readonly name: string;
}

/**
 * Every route of web/src/app/routes.tsx, read from its source (one route per line), so a page
 * another change adds is visited without editing the tests.
 */
export function appRoutes(): RouteToVisit[] {
  const routes: RouteToVisit[] = [];
  for (const line of readFileSync(ROUTES_FILE, 'utf8').split('\n')) {
    const match = /^\s*\{ path: '([^']+)'.*\}\s*,?\s*$/.exec(line);
    if (match?.[1] === undefined) continue;
    const pattern = match[1];
    const path = pattern.startsWith('*') ? '/no/such/page' : pattern.replace(/:[A-Za-z]+/g, 'example');
    const name = pattern === '/' ? 'home' : pattern.startsWith('*') ? 'not-found' : pattern.slice(1).replace(/[/:]+/g, '-');
    routes.push({ pattern, path, signedIn: /signedIn: true/.test(line), name });
  }
  return routes;
}

/**
 * Opens `path` inside the running app without a reload (a reload would forget the keys, see
 * [Note: keys in memory only]) and waits for its heading.
 */
export async function visit(page: Page, path: string): Promise<void> {
  await page.evaluate((target) => {
    window.history.pushState(null, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.locator('main h1').first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle');
}

/** What the page keeps in browser storage that could be secret (see [Note: keys in memory only]). */
export interface StorageFindings {
  readonly localStorage: number;
  readonly sessionStorage: number;
  /** Script-readable cookies (the session cookie is HttpOnly and must not be one). */
  readonly cookie: string;
  /** CryptoKey objects stored in any IndexedDB database. */
  readonly cryptoKeys: number;
  /** Which of the given secrets (by index) appear in any IndexedDB record, as text or as bytes. */
  readonly secretsFound: readonly number[];
}

/**
 * Reads every IndexedDB database, store and record of the page's origin, plus Web Storage and
 * script-readable cookies, and reports CryptoKeys and any of `secretsB64` (base64 strings: found
 * as that text or as their bytes). Other data (e.g. the recorder's sealed frames) may be there.
 */
export async function findStoredSecrets(page: Page, secretsB64: readonly string[]): Promise<StorageFindings> {
  return page.evaluate(async (secrets) => {
    const secretBytes = secrets.map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const found = new Set<number>();
    let cryptoKeys = 0;
    const containsBytes = (hay: Uint8Array, needle: Uint8Array): boolean => {
      // A 32-byte window of the secret is enough to recognise it.
      const probe = needle.subarray(needle.length - 32);
      outer: for (let i = 0; i + probe.length <= hay.length; i++) {
        for (let j = 0; j < probe.length; j++) if (hay[i + j] !== probe[j]) continue outer;
        return true;
      }
      return false;
    };
    const inspect = (value: unknown, depth: number): void => {
      if (depth > 20 || value === null || value === undefined) return;
      if (value instanceof CryptoKey) cryptoKeys += 1;
      else if (typeof value === 'string') secrets.forEach((s, i) => value.includes(s) && found.add(i));
      else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes =
          value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        secretBytes.forEach((s, i) => containsBytes(bytes, s) && found.add(i));
      } else if (value instanceof Blob) return;
      else if (typeof value === 'object')
        for (const v of value instanceof Map ? value.values() : Object.values(value)) inspect(v, depth + 1);
    };
    for (const info of await indexedDB.databases()) {
      if (info.name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => {
          resolve(open.result);
        };
        open.onerror = () => {
          reject(open.error ?? new Error('open failed'));
        };
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const records = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => {
            resolve(request.result as unknown[]);
          };
          request.onerror = () => {
            reject(request.error ?? new Error('read failed'));
          };
        });
        for (const record of records) inspect(record, 0);
      }
      db.close();
    }
    return {
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      cookie: document.cookie,
      cryptoKeys,
      secretsFound: [...found],
    };
  }, secretsB64);
}

/** The secrets of a saved bundle to look for in storage: both private keys (PKCS#8) and the password. */
export async function bundleSecrets(bundlePath: string, username: string, password: string): Promise<string[]> {
  const contents = await openBundle(await readFile(bundlePath, 'utf8'), { username, password });
  return [contents.sigPrivateKeyPkcs8B64, contents.encPrivateKeyPkcs8B64, Buffer.from(password).toString('base64')];
}

/** What {@link findStoredSecrets} reports for a page that stores nothing secret. */
export const NOTHING_STORED: StorageFindings = { localStorage: 0, sessionStorage: 0, cookie: '', cryptoKeys: 0, secretsFound: [] };
