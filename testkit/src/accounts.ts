/**
 * Test helpers that drive the real flows over HTTPS with the device SDK (no shortcuts into the
 * database), so every test account went through register → verify e-mail → confirm TOTP.
 */
import { randomBytes } from 'node:crypto';
import { confirmTotp, registerAccount, type NewAccount, type RegisteredAccount } from '@seccam/device';
import { HttpsClient } from '@seccam/device/node';
import { MemoryMailer, TEST_ORIGIN, type TestApi } from './test-api.ts';
import { twoCodes } from './oathtool.ts';

export function clientFor(api: TestApi, origin: string | undefined = TEST_ORIGIN): HttpsClient {
  return new HttpsClient({ baseUrl: api.baseUrl, ca: api.pki.rootPem, ...(origin ? { origin } : {}) });
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${randomBytes(3).toString('hex')}${counter}`.slice(0, 32);
}

export function driverAccount(username = uniqueName('drv')): NewAccount {
  return { username, email: `${username}@example.test`, role: 'driver' };
}

export function dispatcherAccount(username = uniqueName('dsp')): NewAccount {
  return {
    username,
    email: `${username}@fleet.example.test`,
    role: 'dispatcher',
    fullName: 'Dana Dispatcher',
    organisation: 'Acme Fleet',
    country: 'BE',
  };
}

export interface ReadyAccount extends RegisteredAccount {
  /** A TOTP code for the step after the one used at confirmation (valid for a login now). */
  readonly nextCode: string;
}

/** Registers, verifies the e-mail through the mailed link and confirms TOTP with oathtool. */
export async function createReadyAccount(api: TestApi, account: NewAccount): Promise<ReadyAccount> {
  const client = clientFor(api);
  const registered = await registerAccount(client, account);
  const mailer = api.mailer;
  if (!(mailer instanceof MemoryMailer)) throw new Error('createReadyAccount needs the MemoryMailer');
  await client.graphql<{ verifyEmail: string }>('mutation($t: String!) { verifyEmail(token: $t) }', {
    t: mailer.tokenFor(account.email),
  });
  const [now, next] = twoCodes(registered.totpSecret);
  await confirmTotp(client, account.username, now);
  return { ...registered, nextCode: next };
}
