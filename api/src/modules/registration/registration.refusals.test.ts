/**
 * Registration refuses bad input with a typed error and leaves the database untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityCsrs, generateIdentityKeys, type IdentityKeys } from '@seccam/pki';
import { csrWithKeys, generateKeyPair } from '@seccam/pki/testing';
import {
  clientFor,
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  GraphQLRequestError,
  type HttpsClient,
  printDocument,
  RegisterDocument,
  startTestApi,
  type TestApi,
  uniqueName,
} from '@seccam/testkit';
import { accountTablesSnapshot } from '../../testing/db-snapshot.ts';

describe('register refusals', () => {
  let api: TestApi;
  let client: HttpsClient;
  let keys: IdentityKeys;
  const taken = driverAccount();

  beforeAll(async () => {
    api = await startTestApi();
    client = clientFor(api);
    keys = await generateIdentityKeys();
    await createReadyAccount(api, taken);
  });
  afterAll(() => api.stop());

  async function registerVars(overrides: Record<string, unknown>, subject = driverAccount()) {
    const csrs = await createIdentityCsrs(subject, keys);
    return { input: { username: subject.username, email: subject.email, role: subject.role, ...csrs, ...overrides } };
  }

  /** Sends `register`, expects a refusal with `code` (and `reason` when given), and no DB change. */
  async function expectRefused(variables: unknown, code: string, extra: Record<string, unknown> = {}): Promise<void> {
    const before = await accountTablesSnapshot(api.db.database.db);
    const error = await client.graphql(printDocument(RegisterDocument), variables as never).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphQLRequestError);
    const gqlError = error as GraphQLRequestError;
    expect(gqlError.code).toBe(code);
    expect(gqlError.errors[0]?.extensions).toMatchObject(extra);
    expect(await accountTablesSnapshot(api.db.database.db)).toBe(before);
  }

  it('refuses a taken username', async () => {
    await expectRefused(await registerVars({ username: taken.username }, { ...driverAccount(), username: taken.username }), 'CONFLICT', {
      field: 'username',
    });
  });

  it('refuses an e-mail address already registered, whatever its case', async () => {
    await expectRefused(await registerVars({ email: taken.email.toUpperCase() }), 'CONFLICT', { field: 'email' });
  });

  it.each([['ab'], ['Alice'], ['al ice'], ['a'.repeat(33)], ['al-ice'], ['élise']])('refuses the username %j', async (username) => {
    await expectRefused(await registerVars({ username }), 'BAD_USER_INPUT');
  });

  it('refuses a malformed e-mail and an unknown role', async () => {
    await expectRefused(await registerVars({ email: 'not-an-address' }), 'BAD_USER_INPUT');
    await expectRefused(await registerVars({ role: 'admin' }), 'BAD_USER_INPUT');
  });

  it('refuses a dispatcher without organisation, and a driver with one', async () => {
    const d = dispatcherAccount();
    const csrs = await createIdentityCsrs(d, keys);
    await expectRefused(
      { input: { username: d.username, email: d.email, role: 'dispatcher', fullName: d.fullName, country: d.country, ...csrs } },
      'BAD_USER_INPUT',
      { field: 'organisation' },
    );
    await expectRefused(await registerVars({ organisation: 'Acme' }), 'BAD_USER_INPUT');
  });

  it('refuses a CSR signed by another key than the one it carries', async () => {
    const subject = driverAccount();
    const other = await generateKeyPair('ecdsa');
    const forged = await csrWithKeys(`CN=${subject.username}`, { publicKey: keys.sig.publicKey, privateKey: other.privateKey }, 'ecdsa');
    await expectRefused(await registerVars({ sigCsrPem: forged }, subject), 'BAD_USER_INPUT', {
      field: 'sigCsrPem',
      reason: 'bad-signature',
    });
  });

  it('refuses wrong key types and sizes (RSA sig key, EC enc key, RSA 1024, RSA 2048)', async () => {
    const subject = driverAccount();
    const rsa2048 = await generateKeyPair('rsa', 2048);
    const rsa1024 = await generateKeyPair('rsa', 1024);
    const ec = await generateKeyPair('ecdsa');
    const dn = `CN=${subject.username}`;
    await expectRefused(await registerVars({ sigCsrPem: await csrWithKeys(dn, rsa2048, 'rsa') }, subject), 'BAD_USER_INPUT', {
      reason: 'wrong-key-type',
    });
    await expectRefused(await registerVars({ encCsrPem: await csrWithKeys(dn, ec, 'ecdsa') }, subject), 'BAD_USER_INPUT', {
      reason: 'wrong-key-type',
    });
    await expectRefused(await registerVars({ encCsrPem: await csrWithKeys(dn, rsa1024, 'rsa') }, subject), 'BAD_USER_INPUT', {
      reason: 'wrong-key-type',
    });
    await expectRefused(await registerVars({ encCsrPem: await csrWithKeys(dn, rsa2048, 'rsa') }, subject), 'BAD_USER_INPUT', {
      reason: 'wrong-key-type',
    });
  });

  it('refuses CSRs whose subject is another user, or garbage', async () => {
    const subject = driverAccount();
    const otherCsrs = await createIdentityCsrs(driverAccount(uniqueName('eve')), keys);
    await expectRefused(await registerVars({ sigCsrPem: otherCsrs.sigCsrPem }, subject), 'BAD_USER_INPUT', { reason: 'wrong-subject' });
    await expectRefused(await registerVars({ encCsrPem: otherCsrs.encCsrPem }, subject), 'BAD_USER_INPUT', { reason: 'wrong-subject' });
    await expectRefused(
      await registerVars({ sigCsrPem: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' }, subject),
      'BAD_USER_INPUT',
      {
        reason: 'malformed',
      },
    );
  });

  it('refuses a dispatcher CSR naming another organisation', async () => {
    const d = dispatcherAccount();
    const csrs = await createIdentityCsrs({ ...d, organisation: 'Evil Corp' }, keys);
    await expectRefused(
      {
        input: {
          username: d.username,
          email: d.email,
          role: 'dispatcher',
          fullName: d.fullName,
          organisation: d.organisation,
          country: d.country,
          ...csrs,
        },
      },
      'BAD_USER_INPUT',
      { reason: 'wrong-subject' },
    );
  });
});
