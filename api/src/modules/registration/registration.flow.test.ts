/**
 * The whole identity story over real HTTPS, a real SMTP server and independent tools:
 * register a driver and a dispatcher with the device SDK, read the verification mails from
 * SMTP, verify (one through the mailed page, one through GraphQL), confirm TOTP with codes from
 * `oathtool`, log in, and check the issued certificates with `openssl verify`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  confirmTotp,
  dispatcherAccount,
  driverAccount,
  login,
  MeDocument,
  printDocument,
  registerAccount,
  type RegisteredAccount,
  startTestApi,
  type TestApi,
  twoCodes,
} from '@seccam/testkit';
import { createSmtpMailer } from '../email-verification/mailer.ts';
import { linkIn, startSmtp } from '../email-verification/smtp.test-support.ts';

describe('identity flow over HTTPS, SMTP, oathtool and openssl', () => {
  let api: TestApi;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    api = await startTestApi({ mailer: createSmtpMailer(`smtp://127.0.0.1:${smtp.port}?tls=off`, 'SecCam <no-reply@seccam.test>') });
  });
  afterAll(async () => {
    await api.stop();
    await new Promise<void>((resolve) => {
      smtp.server.close(() => {
        resolve();
      });
    });
  });

  const accounts: { driver?: RegisteredAccount; dispatcher?: RegisteredAccount } = {};

  it('registers a driver and a dispatcher and mails each a single-use link', async () => {
    const client = clientFor(api);
    const driver = driverAccount();
    const dispatcher = dispatcherAccount();
    accounts.driver = await registerAccount(client, driver);
    accounts.dispatcher = await registerAccount(client, dispatcher);
    expect(accounts.driver.registration.totpUri).toMatch(/^otpauth:\/\/totp\/SecCam:drv/);
    expect(accounts.dispatcher.registration.role).toBe('dispatcher');
    await expect.poll(() => smtp.inbox.length).toBe(2);
    expect(smtp.inbox.map((m) => m.to[0]).sort()).toEqual([driver.email, dispatcher.email].sort());
  });

  it('issues certificates that openssl verifies against the platform chain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seccam-openssl-'));
    writeFileSync(join(dir, 'root.pem'), `${api.pki.rootPem}\n`);
    writeFileSync(join(dir, 'intermediate.pem'), `${api.pki.intermediatePems.join('\n')}\n`);
    for (const account of [accounts.driver, accounts.dispatcher]) {
      if (!account) throw new Error('registration test did not run');
      for (const [kind, pem] of [
        ['sig', account.registration.sigCertificatePem],
        ['enc', account.registration.encCertificatePem],
      ] as const) {
        const file = join(dir, `${account.registration.username}-${kind}.pem`);
        writeFileSync(file, `${pem}\n`);
        const out = execFileSync(
          'openssl',
          ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'intermediate.pem'), file],
          {
            encoding: 'utf8',
          },
        );
        expect(out.trim()).toBe(`${file}: OK`);
        const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-subject', '-ext', 'keyUsage'], { encoding: 'utf8' });
        expect(text).toContain(`CN = ${account.registration.username}`);
        expect(text).toContain(kind === 'sig' ? 'Digital Signature' : 'Key Encipherment');
      }
    }
    const dispatcherSubject = execFileSync('openssl', ['x509', '-noout', '-subject'], {
      input: `${accounts.dispatcher?.registration.sigCertificatePem ?? ''}\n`,
      encoding: 'utf8',
    });
    expect(dispatcherSubject).toContain('O = Acme Fleet');
    expect(dispatcherSubject).toContain('C = BE');
  });

  it('verifies e-mail through the mailed page and through GraphQL, confirms TOTP with oathtool, logs in', async () => {
    const { driver, dispatcher } = accounts;
    if (!driver || !dispatcher) throw new Error('registration test did not run');
    const driverMail = smtp.inbox.find((m) => m.to[0]?.startsWith(driver.registration.username));
    const dispatcherMail = smtp.inbox.find((m) => m.to[0]?.startsWith(dispatcher.registration.username));
    if (!driverMail || !dispatcherMail) throw new Error('mails missing');

    // Driver: the link's page (GET shows a button; POST consumes the token).
    const web = clientFor(api);
    const link = linkIn(driverMail.raw);
    const page = await web.fetch('GET', `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post" action="/verify-email">');
    const token = link.searchParams.get('token') ?? '';
    const post = await web.fetch('POST', '/verify-email', `token=${token}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(post.status).toBe(200);
    expect(post.body).toContain('E-mail verified');
    const again = await web.fetch('POST', '/verify-email', `token=${token}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(again.status).toBe(400);

    // Dispatcher: the GraphQL mutation with the mailed token.
    const dispatcherToken = linkIn(dispatcherMail.raw).searchParams.get('token');
    const verified = await web.graphql<{ verifyEmail: string }>('mutation($t: String!) { verifyEmail(token: $t) }', { t: dispatcherToken });
    expect(verified.verifyEmail).toBe(dispatcher.registration.username);

    for (const account of [driver, dispatcher]) {
      const client = clientFor(api);
      const [now, next] = twoCodes(account.totpSecret);
      await confirmTotp(client, account.registration.username, now);
      const me = await login(client, account.contents, next);
      expect(me.username).toBe(account.registration.username);
      // The session is a __Host- cookie the page's scripts cannot read, never a token in the body.
      const loginResponse = client.lastResponse;
      const setCookie = loginResponse?.headers['set-cookie'] ?? [];
      expect(setCookie).toHaveLength(1);
      expect(setCookie[0]).toMatch(/^__Host-seccam-session=[A-Za-z0-9_.-]+; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=900$/);
      const token = client.cookies.get('__Host-seccam-session') ?? '';
      expect(token.split('.')).toHaveLength(5); // a JWE (encrypted), not a readable JWT
      expect(loginResponse?.body).not.toContain(token);
      const { me: full } = await client.graphql(printDocument(MeDocument));
      expect(full.username).toBe(account.registration.username);
      expect(full.role).toBe(account.registration.role);
      expect(full.emailVerified).toBe(true);
      expect(full.certificates.map((c) => c.kind).sort()).toEqual(['enc', 'sig']);
    }
  });
});
