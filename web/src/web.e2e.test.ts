/**
 * The web app in real Chromium against the real API: register a driver in the browser, save
 * the bundle it offers, verify the e-mail, confirm the authenticator, sign in with the saved
 * bundle, see the account, sign out. Also: a wrong bundle password fails without a request.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBundle } from '@seccam/pki';
import type { BrowserContext, Dialog, Page, Request } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSecrets, findStoredSecrets, NOTHING_STORED } from './app/app.test-support';
import { freePort, launchChromiumContext, MemoryMailer, oathtoolCode, startTestApi, type TestApi } from '@seccam/testkit';

const webDir = fileURLToPath(new URL('..', import.meta.url));

/** Records the URLs a page requests until `stop()` is called. */
function recordRequests(page: Page): { readonly urls: string[]; stop(): void } {
  const urls: string[] = [];
  const onRequest = (request: Request) => {
    urls.push(request.url());
  };
  page.on('request', onRequest);
  return {
    urls,
    stop: () => {
      page.off('request', onRequest);
    },
  };
}

describe('web app in Chromium', () => {
  let dir: string;
  let api: TestApi;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  const mailer = new MemoryMailer();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  const username = `web${Date.now().toString(36)}`;
  const email = `${username}@example.test`;
  const password = 'correct horse battery staple';
  const newPassword = 'another long passphrase';
  let totpSecret = '';
  let bundlePath = '';
  /** The last TOTP time step used: the API accepts each step once (RFC 6238 §5.2), ±1 step of now. */
  let usedStep = 0;
  const STEP_MS = 30_000;

  /** The code of the step after now's (accepted, and later than the one confirmTotp used). */
  const nextTotpCode = (): string => {
    usedStep = Math.floor(Date.now() / STEP_MS) + 1;
    return oathtoolCode(totpSecret, usedStep * STEP_MS);
  };
  /** Waits until a code later than the last one used is within the API's window, then returns it. */
  const unusedTotpCode = async (): Promise<string> => {
    await expect.poll(() => Math.floor(Date.now() / STEP_MS), { timeout: STEP_MS + 5_000, interval: 500 }).toBeGreaterThanOrEqual(usedStep);
    return nextTotpCode();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-web-e2e-'));
    const outDir = join(dir, 'dist');
    await build({ root: webDir, configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const port = await freePort();
    origin = `https://localhost:${port}`;
    api = await startTestApi({ port, mailer, env: { WEB_ROOT: outDir, PUBLIC_ORIGIN: origin } });
    context = await launchChromiumContext(join(dir, 'profile'), { ignoreHTTPSErrors: true, acceptDownloads: true });
    context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    context.on('weberror', (error) => {
      pageErrors.push(error.error().message);
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context.close();
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('says what to do first on the home page, routes client-side, titles each page and shows a not-found view', async () => {
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'What to do first' }).waitFor();
    expect(await page.title()).toBe('SecCam');
    await page
      .getByRole('main')
      .getByRole('link', { name: /Create an account/ })
      .click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(await page.title()).toBe('Create an account · SecCam');
    await page.goto(`${origin}/status`);
    await expect.poll(() => page.getByText('BEGIN CERTIFICATE').count()).toBe(1);
    await page.goto(`${origin}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found · SecCam');
  });

  it('registers a driver in the browser and offers the bundle for download', async () => {
    await page.goto(`${origin}/register`);
    await page.getByLabel(/^Username/).fill(username);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#totp-secret').waitFor({ timeout: 30_000 });
    totpSecret = (await page.locator('#totp-secret').textContent()) ?? '';
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator('#totp-uri').textContent()).toMatch(/^otpauth:\/\/totp\//);
    await expect.poll(() => page.getByText('If you lose the file or forget its password, the account is lost').count()).toBe(1);

    const qr = page.getByRole('img', { name: /QR code of the authenticator setup/ });
    expect(await qr.evaluate((svg) => [svg.tagName, svg.querySelectorAll('path').length])).toEqual(['svg', 1]);
    expect(await page.getByRole('link', { name: 'Open it in your authenticator app' }).getAttribute('href')).toBe(
      await page.locator('#totp-uri').textContent(),
    );

    await page.getByLabel(/^Bundle password/).fill('aaaaaaaaaaaaaaaaaaaa');
    await page.getByLabel('Repeat the password').fill('aaaaaaaaaaaaaaaaaaaa');
    expect(await page.locator('#bundle-strength-text').textContent()).toMatch(/too weak/);
    await page.getByRole('button', { name: 'Create bundle' }).click();
    await page.getByRole('alert').getByText('too easy to guess').waitFor();

    await page.getByLabel(/^Bundle password/).fill(password);
    expect(await page.locator('#bundle-strength-text').textContent()).toMatch(/strong|good/);
    await page.getByLabel('Repeat the password').fill(`${password}!`);
    await page.getByRole('button', { name: 'Create bundle' }).click();
    await page.getByRole('alert').getByText('The two passwords differ.').waitFor();

    await page.getByLabel(/^Bundle password/).fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create bundle' }).click();
    const link = page.getByRole('link', { name: `Download ${username}.sec.json` });
    await link.waitFor({ timeout: 20_000 });
    // Not downloaded yet: no way to finish, and leaving asks first (reload: beforeunload; in-app link: a confirm).
    expect(await page.getByLabel('Current code from your authenticator').count()).toBe(0);
    const dialogs: string[] = [];
    const dismiss = (dialog: Dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    };
    page.on('dialog', dismiss);
    await page.evaluate(() => {
      window.location.reload();
    });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
    await expect.poll(() => dialogs).toEqual(['beforeunload', 'confirm']);
    page.off('dialog', dismiss);
    expect(new URL(page.url()).pathname).toBe('/register');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`${username}.sec.json`);
    bundlePath = join(dir, download.suggestedFilename());
    await download.saveAs(bundlePath);
    const saved = JSON.parse(await readFile(bundlePath, 'utf8')) as { aad: { username: string }; kdf: { iterations: number } };
    expect(saved.aad.username).toBe(username);
    expect(saved.kdf.iterations).toBeGreaterThanOrEqual(600_000);

    const mailsBefore = mailer.sent.filter((m) => m.to === email).length;
    await page.getByRole('button', { name: 'Resend the verification e-mail' }).click();
    await page.getByText(`A new link is on its way to ${email}`).waitFor();
    await expect.poll(() => mailer.sent.filter((m) => m.to === email).length).toBe(mailsBefore + 1);

    const verifyPage = await context.newPage();
    await verifyPage.goto(`${origin}/verify-email?token=${mailer.tokenFor(email)}`);
    await verifyPage.getByRole('button', { name: 'Verify' }).click();
    await verifyPage.getByRole('heading', { name: 'E-mail verified' }).waitFor();
    await verifyPage.close();

    await page.getByLabel('Current code from your authenticator').fill(oathtoolCode(totpSecret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Authenticator confirmed').waitFor();
  });

  it('refuses a wrong bundle password in the browser, without asking the server', async () => {
    await page.goto(`${origin}/login`);
    await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
    await expect.poll(() => page.locator('#login-username').textContent()).toBe(username);
    const requests = recordRequests(page);
    await page.getByLabel('Bundle password').fill('not the right password');
    await page.getByLabel('Code from your authenticator').fill('123456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('the password is wrong').waitFor({ timeout: 20_000 });
    requests.stop();
    expect(requests.urls).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('sends a signed-in page to sign in, comes back after it, keeps the keys out of storage and forgets them on reload', async () => {
    await page.goto(`${origin}/account`);
    await page.waitForURL(`${origin}/login?next=%2Faccount`);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).count()).toBe(0);
    await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
    await page.getByLabel('Bundle password').fill(password);
    await page.getByLabel('Code from your authenticator').fill(nextTotpCode());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/account`, { timeout: 20_000 });
    await expect.poll(() => page.locator('#me-username').textContent()).toBe(username);
    expect(await page.locator('#signed-in-as').textContent()).toBe(username);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    expect(await page.locator('tr.certificate').count()).toBe(2);
    expect(await page.getByText(`${email} (verified)`).count()).toBe(1);
    // No key, password or bundle anywhere in the browser's storage (IndexedDB may hold other data).
    expect(await findStoredSecrets(page, await bundleSecrets(bundlePath, username, password))).toEqual(NOTHING_STORED);

    // The keys were in memory only: a reload forgets them although the cookie session lives on.
    await page.reload();
    await page.waitForURL(`${origin}/login?next=%2Faccount`);
  });

  it('signs out from the account page and forgets the keys', async () => {
    await page.goto(`${origin}/login?next=%2Faccount`);
    await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
    await page.getByLabel('Bundle password').fill(password);
    await page.getByLabel('Code from your authenticator').fill(await unusedTotpCode());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/account`, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL(`${origin}/login`);
    expect(await page.locator('#signed-in-as').count()).toBe(0);
    await page.goto(`${origin}/account`);
    await page.waitForURL(`${origin}/login?next=%2Faccount`);
    expect(await page.locator('#me-username').count()).toBe(0);
  });

  it('re-passwords a bundle in the browser, without asking the server', async () => {
    await page.goto(`${origin}/passport`);
    const requests = recordRequests(page);
    await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel('Repeat the password').fill(newPassword);
    await page.getByRole('button', { name: 'Re-encrypt' }).click();
    const link = page.getByRole('link', { name: `Download ${username}.sec.json` });
    await link.waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const renewedPath = join(dir, 'renewed.sec.json');
    await download.saveAs(renewedPath);
    requests.stop();
    expect(requests.urls).toEqual([]);
    const renewed = await readFile(renewedPath, 'utf8');
    const contents = await openBundle(renewed, { username, password: newPassword });
    expect(contents.username).toBe(username);
    await expect(openBundle(renewed, { username, password })).rejects.toMatchObject({ code: 'BUNDLE_DECRYPT_FAILED' });
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
