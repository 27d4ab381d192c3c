/**
 * Unfinished registrations expire ([Note: registration expiry]) and a verification link can be
 * resent, over real HTTPS and a real SMTP server. With a 10 s limit: the username and address
 * are taken while the registration is young, an expired one cannot be resumed (confirmTotp and
 * the mailed link: BAD_USER_INPUT `registration-expired`) and registering again with the same
 * username and address succeeds. A resent link replaces the older one; unknown addresses get the
 * same answer and no mail; resends are rate limited. The interval sweep deletes unfinished
 * accounts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, confirmTotp, driverAccount, registerAccount, startTestApi, twoCodes, type TestApi } from '@seccam/testkit';
import { refusalOf } from '../../testing/refusals.ts';
import { createSmtpMailer } from '../email-verification/mailer.ts';
import { linkIn, startSmtp } from '../email-verification/smtp.test-support.ts';

const TTL_MS = 10_000;
const RESEND = 'mutation($e: String!) { resendVerificationEmail(email: $e) }';
const VERIFY = 'mutation($t: String!) { verifyEmail(token: $t) }';

describe('registration expiry and resend', () => {
  let api: TestApi;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address));
  const tokenOf = (raw: string): string => linkIn(raw).searchParams.get('token') ?? '';
  const audited = async (action: string, actor: string) =>
    (await api.app.services.audit.list(100_000)).filter((e) => e.action === action && e.actor === actor).length;

  beforeAll(async () => {
    smtp = await startSmtp();
    api = await startTestApi({
      mailer: createSmtpMailer(`smtp://127.0.0.1:${smtp.port}?tls=off`, 'SecCam <no-reply@seccam.test>'),
      streamingLimits: { registration: { pendingTtlMs: TTL_MS, sweepIntervalMs: 3_600_000, resend: { max: 3, windowMs: 60_000 } } },
    });
  });
  afterAll(async () => {
    await api.stop();
    await new Promise<void>((resolve) => {
      smtp.server.close(() => {
        resolve();
      });
    });
  });

  it('holds the name while young, refuses to resume once expired, then frees the name and address', async () => {
    const client = clientFor(api);
    const account = driverAccount();
    const first = await registerAccount(client, account);
    await expect.poll(() => mailsTo(account.email).length).toBe(1);
    expect(await refusalOf(registerAccount(clientFor(api), account))).toMatchObject({ code: 'CONFLICT' });

    // A resent link replaces the first one.
    await client.graphql(RESEND, { e: account.email.toUpperCase() });
    await expect.poll(() => mailsTo(account.email).length).toBe(2);
    const [oldMail, newMail] = mailsTo(account.email);
    expect(await refusalOf(client.graphql(VERIFY, { t: tokenOf(oldMail?.raw ?? '') }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'invalid',
    });

    // Once the limit has passed (and before any sweep), nothing resumes it.
    const [code] = twoCodes(first.totpSecret);
    await expect
      .poll(() => refusalOf(confirmTotp(client, account.username, code)), { timeout: TTL_MS + 5000, interval: 500 })
      .toEqual({ code: 'BAD_USER_INPUT', reason: 'registration-expired' });
    expect(await refusalOf(client.graphql(VERIFY, { t: tokenOf(newMail?.raw ?? '') }))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'registration-expired',
    });
    // Resending for it answers as for anyone and mails nothing (nothing is recorded either).
    expect(await client.graphql(RESEND, { e: account.email })).toEqual({ resendVerificationEmail: true });
    expect(await audited('verification.resent', account.username)).toBe(1);

    // The same username and address register again: the expired account is deleted on the spot.
    const again = await registerAccount(clientFor(api), account);
    expect(again.registration.userId).not.toBe(first.registration.userId);
    expect(await audited('registration.expired', 'system')).toBeGreaterThanOrEqual(1);
    await expect.poll(() => mailsTo(account.email).length).toBe(3);
  });

  it('answers unknown addresses like known ones, sends them nothing, and rate limits resends', async () => {
    const client = clientFor(api);
    const before = smtp.inbox.length;
    expect(await client.graphql(RESEND, { e: 'nobody@example.test' })).toEqual({ resendVerificationEmail: true });
    // Per client address: the limit (3 in this test API) counts this test's earlier resends too.
    expect(await refusalOf(client.graphql(RESEND, { e: 'nobody@example.test' }))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(smtp.inbox.length).toBe(before);
  });

  it('sweeps unfinished registrations only', async () => {
    const client = clientFor(api);
    const unfinished = driverAccount();
    const finished = driverAccount();
    await registerAccount(client, unfinished);
    const done = await registerAccount(client, finished);
    await expect.poll(() => mailsTo(finished.email).length).toBe(1);
    await client.graphql(VERIFY, { t: tokenOf(mailsTo(finished.email)[0]?.raw ?? '') });
    await confirmTotp(client, finished.username, twoCodes(done.totpSecret)[0]);
    const swept = await api.app.services.registrationExpiry.sweep(Date.now() + 2 * TTL_MS);
    expect(swept).toContain(unfinished.username);
    expect(swept).not.toContain(finished.username);
  });
});
