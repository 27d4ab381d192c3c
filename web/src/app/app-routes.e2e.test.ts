/**
 * Every route of the app in real Chromium against the real API, as it ships (built,
 * precompressed, served by the API under the strict CSP):
 * - axe-core finds no serious or critical violation on any route, signed out and signed in as a
 *   driver, in the light and the dark colour scheme, at phone and desktop widths, and no page
 *   scrolls sideways at 320 px;
 * - the sign-in page loads at most 200 KB of compressed JavaScript (counted as Chromium received
 *   it), and that JavaScript arrives brotli-compressed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, uniqueName } from '@seccam/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appRoutes,
  bundleSecrets,
  findStoredSecrets,
  NOTHING_STORED,
  readyAccount,
  signIn,
  startApp,
  visit,
  type ReadyBrowserAccount,
  type RunningApp,
} from './app.test-support';

/** The sign-in page's JavaScript budget, compressed bytes on the wire (issue 7: ≤ 200 KB). */
const SIGN_IN_JS_BUDGET_BYTES = 200 * 1024;

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (evaluated through DevTools, so the page's CSP is untouched) and
 * returns its serious and critical violations, one line each.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact ?? ''} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('every route in Chromium', () => {
  let dir: string;
  let app: RunningApp;
  let browser: Browser;
  let driver: ReadyBrowserAccount;
  let signedInPage: Page | undefined;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const newContext = async (options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, ...options });
    context.on('weberror', (error) => pageErrors.push(error.error().message));
    context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    return context;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-web-routes-'));
    app = await startApp(dir);
    browser = await launchChromium();
    const username = uniqueName('axe');
    driver = await readyAccount(app, { username, email: `${username}@example.test`, role: 'driver' }, dir);
  });

  afterAll(async () => {
    await browser.close();
    await app.api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every route of the table, signed-in ones marked', () => {
    const routes = appRoutes();
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/', '/register', '/login', '/account', '*404']));
    expect(routes.find((r) => r.pattern === '/account')?.signedIn).toBe(true);
    expect(routes.find((r) => r.pattern === '/login')?.signedIn).toBe(false);
  });

  it('reports real violations (the check can fail)', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.setContent('<html lang="en"><body><img src="x.png"><button></button></body></html>');
    const found = await seriousViolations(page);
    await context.close();
    expect(found.map((line) => line.split(':')[0])).toEqual(expect.arrayContaining(['critical image-alt', 'critical button-name']));
  });

  it('finds keys and secrets planted in IndexedDB and Web Storage (the storage check can fail)', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${app.origin}/status`);
    const secrets = [randomBytes(48).toString('base64'), randomBytes(48).toString('base64')];
    await page.evaluate(async ([asText, asBytes]) => {
      localStorage.setItem('planted', 'x');
      const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('planted', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('things', { autoIncrement: true });
        open.onsuccess = () => {
          resolve(open.result);
        };
      });
      const bytes = Uint8Array.from(atob(asBytes ?? ''), (c) => c.charCodeAt(0));
      const tx = db.transaction('things', 'readwrite');
      tx.objectStore('things').add({ note: `prefix ${asText ?? ''} suffix`, nested: { payload: bytes.buffer, key } });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, secrets);
    const findings = await findStoredSecrets(page, secrets);
    await context.close();
    expect(findings).toMatchObject({ localStorage: 1, cryptoKeys: 1 });
    expect([...findings.secretsFound].sort()).toEqual([0, 1]);
  });

  it('has no serious or critical accessibility violation on any route, signed out or signed in, light or dark, and no page wider than 320 px', async () => {
    const problems: string[] = [];
    const context = await newContext();
    const page = await context.newPage();
    const check = async (state: string, path: string) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const width of [375, 1440]) {
          await page.emulateMedia({ colorScheme });
          await page.setViewportSize({ width, height: 900 });
          for (const line of await seriousViolations(page)) problems.push(`${state} ${colorScheme} ${width}px ${path}: ${line}`);
        }
      }
      // The narrowest phone the layout supports: nothing may make the page scroll sideways.
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${state} 320px ${path}: the page is ${overflow}px wider than the screen`);
    };
    await page.goto(`${app.origin}/`);
    for (const route of appRoutes()) {
      await visit(page, route.path);
      await check('signed out', route.path);
    }
    await signIn(page, app.origin, driver);
    for (const route of appRoutes()) {
      await visit(page, route.path);
      expect(new URL(page.url()).pathname, 'a signed-in route stays open once signed in').toBe(route.path);
      await check('signed in', route.path);
    }
    signedInPage = page;
    expect(problems).toEqual([]);
  });

  it('keeps no key, password or bundle in any browser storage after every page was open signed in', async () => {
    const page = signedInPage;
    if (page === undefined) throw new Error('needs the signed-in page of the previous test');
    const secrets = await bundleSecrets(driver.bundlePath, driver.username, driver.password);
    expect(await findStoredSecrets(page, secrets)).toEqual(NOTHING_STORED);
  });

  it('forgets the keys when the server session is gone, and says so on the sign-in page', async () => {
    const page = signedInPage;
    if (page === undefined) throw new Error('needs the signed-in page of the previous test');
    await page.context().clearCookies();
    await visit(page, '/');
    expect(await page.locator('#signed-in-as').count()).toBe(1);
    // The account page asks the API; it answers UNAUTHENTICATED, and the session wipes the keys.
    await page.evaluate(() => {
      window.history.pushState(null, '', '/account');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.waitForURL(`${app.origin}/login?next=%2Faccount`);
    await page.getByText('Your session ended. Sign in again to continue.').waitFor();
    expect(await page.locator('#signed-in-as').count()).toBe(0);
    await page.context().close();
  });

  it('loads at most 200 KB of compressed JavaScript for the sign-in page, brotli-encoded', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const scripts: Promise<{ url: string; bytes: number; encoding: string | undefined }>[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      scripts.push(
        (async () => {
          const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
          return { url: request.url(), bytes: sizes.responseBodySize, encoding: (await response?.allHeaders())?.['content-encoding'] };
        })(),
      );
    });
    await page.goto(`${app.origin}/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(scripts);
    await context.close();
    const total = loaded.reduce((sum, s) => sum + s.bytes, 0);
    console.info(`sign-in page: ${loaded.length} scripts, ${total} compressed bytes (budget ${SIGN_IN_JS_BUDGET_BYTES})`);
    expect(loaded.length).toBeGreaterThan(0);
    // Files under 512 bytes are not worth a compressed copy (web/vite-precompress.ts); the rest must arrive as brotli.
    expect(loaded.filter((s) => s.bytes >= 512 && s.encoding !== 'br')).toEqual([]);
    expect(total).toBeLessThanOrEqual(SIGN_IN_JS_BUDGET_BYTES);
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
