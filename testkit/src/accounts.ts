/**
 * Test helpers that drive the real flows over HTTPS with the device SDK (no shortcuts into the
 * database), so every test account went through register → verify e-mail → confirm TOTP.
 */
import { randomBytes } from 'node:crypto';
import { confirmTotp, login, registerAccount, type NewAccount, type RegisteredAccount } from '@seccam/device';
import { HttpsClient } from '@seccam/device/node';
import { afterAll, beforeAll } from 'vitest';
import { MemoryMailer, startTestApi, TEST_ORIGIN, type StartTestApiOptions, type TestApi } from './test-api.ts';
import type { TestDatabase } from './test-database.ts';
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

/** The session cookie the API sets at login (docs/PROTOCOL.md). */
export const SESSION_COOKIE = '__Host-seccam-session';

/** A client of `api` logged in as `account` (with its `nextCode`). */
export async function signedIn(api: TestApi, account: ReadyAccount, origin?: string): Promise<HttpsClient> {
  const client = clientFor(api, origin);
  await login(client, account.contents, account.nextCode);
  return client;
}

/** A ready account and a client of the API logged in as it. */
export interface SignedInAccount {
  readonly account: ReadyAccount;
  readonly client: HttpsClient;
}

/** A new ready driver or dispatcher (or `account` as given), logged in on `api`. */
export async function signedInAccount(api: TestApi, account: 'driver' | 'dispatcher' | NewAccount): Promise<SignedInAccount> {
  const ready = await createReadyAccount(
    api,
    account === 'driver' ? driverAccount() : account === 'dispatcher' ? dispatcherAccount() : account,
  );
  return { account: ready, client: await signedIn(api, ready) };
}

/** A client of `api` carrying `client`'s session cookie (another instance on the same database, or a thief). */
export function sameSession(api: TestApi, client: HttpsClient): HttpsClient {
  const copy = clientFor(api);
  copy.cookies.set(SESSION_COOKIE, client.cookies.get(SESSION_COOKIE) ?? '');
  return copy;
}

/** What many API test files work with: the real API with a signed-in driver and a signed-in dispatcher. */
export interface SignedInWorld {
  readonly api: TestApi;
  readonly driver: SignedInAccount;
  readonly dispatcher: SignedInAccount;
}

/**
 * Starts the API (with `options`) and signs in a new driver and dispatcher before the enclosing
 * describe's tests, and stops it after them. The returned object is filled in by then.
 */
export function useSignedInWorld(options: StartTestApiOptions = {}): SignedInWorld {
  const world: { api?: TestApi; driver?: SignedInAccount; dispatcher?: SignedInAccount } = {};
  beforeAll(async () => {
    const api = await startTestApi(options);
    world.api = api;
    [world.driver, world.dispatcher] = await Promise.all([signedInAccount(api, 'driver'), signedInAccount(api, 'dispatcher')]);
  });
  afterAll(() => world.api?.stop());
  return world as SignedInWorld;
}

/** What the streaming tests work with: the real API and a driver logged in on it. */
export interface SignedInDriver {
  /** Replaced by a test that restarts the API (see {@link useSignedInDriver}). */
  api: TestApi;
  readonly driver: ReadyAccount;
  /** The driver's client; a test that restarts the API sets one for the new instance. */
  client: HttpsClient;
}

/**
 * Starts the API (with `options`) and signs in a new driver before the enclosing describe's
 * tests, and stops it after them. With `database`, the database is made first and dropped only
 * after the API stopped, so a test may stop the API and start another on it (an API restart).
 */
export function useSignedInDriver(options: StartTestApiOptions = {}, database?: () => Promise<TestDatabase>): SignedInDriver {
  const world: { api?: TestApi; driver?: ReadyAccount; client?: HttpsClient } = {};
  beforeAll(async () => {
    const api = await startTestApi(database ? { ...options, db: await database() } : options);
    world.api = api;
    world.driver = await createReadyAccount(api, driverAccount());
    world.client = await signedIn(api, world.driver);
  });
  afterAll(async () => {
    const db = world.api?.db;
    await world.api?.stop();
    if (database) await db?.drop();
  });
  return world as SignedInDriver;
}
