/**
 * Monitoring one's own name in the browser: at sign-in the page asks the transparency log for the
 * certificates in the user's name and, for any the bundle does not hold, shows a loud alert on
 * every page. The test plays a compromised server that issues a certificate in a driver's name
 * with the real intermediate CA key and logs it (so that other clients would accept it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityCsrs, generateIdentityKeys, issueCertificate, normalizeSerialHex, verifyCsr } from '@seccam/pki';
import { driverAccount, launchChromium } from '@seccam/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAccount, signIn, startApp, visit, type RunningApp } from '../../app/app.test-support';

/** A certificate for a fresh key in `username`'s name, signed by the platform's real intermediate, then logged. */
async function logForgedCertificate(app: RunningApp, username: string): Promise<string> {
  const subject = { username, role: 'driver' as const };
  const csrs = await createIdentityCsrs(subject, await generateIdentityKeys());
  const csr = await verifyCsr(csrs.sigCsrPem, { ...subject, kind: 'sig' });
  if (!csr.ok) throw new Error(csr.reason);
  const forged = await issueCertificate(app.api.pki.issuer, csr.csr, { kind: 'sig', role: 'driver' });
  const { db } = app.api.db.database;
  await db.transaction((tx) => app.api.app.services.transparency.appendIssued(tx as unknown as typeof db, [forged.certPem]));
  return normalizeSerialHex(forged.serialHex);
}

describe('certificates in your name that you do not hold', () => {
  let dir: string;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-web-alarm-'));
    app = await startApp(dir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await app.api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('are shown as an alert on every page after sign-in; an honest account sees none', async () => {
    const honest = await readyAccount(app, driverAccount(), dir);
    const victim = await readyAccount(app, driverAccount(), dir);
    const serial = await logForgedCertificate(app, victim.username);

    const honestPage = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await signIn(honestPage, app.origin, honest);
    expect(await honestPage.locator('#foreign-certificates').count()).toBe(0);

    const victimPage = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await signIn(victimPage, app.origin, victim);
    const alert = victimPage.getByRole('alert').filter({ hasText: 'Someone holds a certificate in your name' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain(serial);
    await visit(victimPage, '/recordings');
    expect(await alert.count()).toBe(1);
  });
});
