/**
 * The SDK's resendVerificationEmail against the real API: a fresh link is mailed and verifies,
 * the first link stops working, and an unknown address gets the same (silent) answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, driverAccount, MemoryMailer, startTestApi, type TestApi } from '@seccam/testkit';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { registerAccount, resendVerificationEmail } from './account.ts';

const VERIFY = 'mutation($t: String!) { verifyEmail(token: $t) }';

describe('resendVerificationEmail (SDK)', () => {
  let api: TestApi;
  let mailer: MemoryMailer;
  beforeAll(async () => {
    mailer = new MemoryMailer();
    api = await startTestApi({ mailer });
  });
  afterAll(() => api.stop());

  it('mails a fresh link that replaces the first, and says nothing about unknown addresses', async () => {
    const client = clientFor(api);
    const account = driverAccount();
    await registerAccount(client, account);
    const first = mailer.tokenFor(account.email);
    await resendVerificationEmail(client, account.email);
    await expect.poll(() => mailer.sent.filter((m) => m.to === account.email).length).toBe(2);
    const second = mailer.tokenFor(account.email);
    expect(second).not.toBe(first);
    const stale: unknown = await client.graphql(VERIFY, { t: first }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(GraphQLRequestError);
    expect(await client.graphql(VERIFY, { t: second })).toEqual({ verifyEmail: account.username });

    const before = mailer.sent.length;
    await expect(resendVerificationEmail(client, 'nobody@example.test')).resolves.toBeUndefined();
    // A verified address gets the same answer and no mail either.
    await resendVerificationEmail(client, account.email);
    expect(mailer.sent.length).toBe(before);
  });
});
