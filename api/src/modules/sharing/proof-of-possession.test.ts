/**
 * A stolen session cookie alone cannot revoke ([Note: action statements]): each refusal typed,
 * and the grant or certificate still in force afterwards. The "thief" is a raw GraphQL client with
 * the victim's session and no keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundleKeys, signActionStatement } from '@seccam/pki';
import { bytesToBase64 } from '@seccam/schema';
import {
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  grant,
  revokeGrant,
  startTestApi,
  type HttpsClient,
  type ReadyAccount,
  type TestApi,
  signedIn,
} from '@seccam/testkit';
import { codeOf } from '../../testing/refusals.ts';

const REVOKE_GRANT =
  'mutation($id: ID!, $at: DateTimeISO!, $s: String!) { revokeGrant(id: $id, proof: { at: $at, signatureB64: $s }) { id } }';
const REVOKE_CERT =
  'mutation($serial: String!, $at: DateTimeISO!, $s: String!) { revokeCertificate(serialHex: $serial, proof: { at: $at, signatureB64: $s }) }';
const FORGED = bytesToBase64(new Uint8Array(64).fill(7));

describe('proof of possession: a cookie alone cannot revoke', () => {
  let api: TestApi;
  let driver: ReadyAccount;
  let dispatcher: ReadyAccount;
  let stranger: ReadyAccount;
  let thief: HttpsClient;

  const activeOf = async (grantId: string): Promise<boolean | undefined> => {
    const { grants } = await thief.graphql<{ grants: { id: string; active: boolean }[] }>('{ grants { id active } }');
    return grants.find((g) => g.id === grantId)?.active;
  };

  beforeAll(async () => {
    api = await startTestApi();
    [driver, dispatcher, stranger] = await Promise.all([
      createReadyAccount(api, driverAccount()),
      createReadyAccount(api, dispatcherAccount()),
      createReadyAccount(api, driverAccount()),
    ]);
    thief = await signedIn(api, driver);
  });
  afterAll(() => api.stop());

  it('refuses a grant revocation without a signature by the driver, then accepts the signed one once', async () => {
    const grantId = await grant(thief, driver.contents, dispatcher.contents.username);
    const now = new Date();
    expect(await codeOf(thief.graphql(REVOKE_GRANT, { id: grantId, at: now.toISOString(), s: FORGED }))).toBe('FORBIDDEN');
    expect(await codeOf(thief.graphql('mutation($id: ID!) { revokeGrant(id: $id) { id } }', { id: grantId }))).toBeDefined();
    // Signed by another account's key: still refused.
    const strangerKeys = await importBundleKeys(stranger.contents);
    const fields = { grantId, driver: driver.contents.username, dispatcher: dispatcher.contents.username, revokedAt: now };
    const bySomeoneElse = await signActionStatement({ kind: 'grant-revocation', fields }, strangerKeys.sig.privateKey);
    expect(await codeOf(thief.graphql(REVOKE_GRANT, { id: grantId, at: now.toISOString(), s: bySomeoneElse }))).toBe('FORBIDDEN');
    // Signed by the driver but stale (outside ±5 minutes): refused as input.
    const driverKeys = await importBundleKeys(driver.contents);
    const old = new Date(Date.now() - 6 * 60_000);
    const stale = await signActionStatement({ kind: 'grant-revocation', fields: { ...fields, revokedAt: old } }, driverKeys.sig.privateKey);
    expect(await codeOf(thief.graphql(REVOKE_GRANT, { id: grantId, at: old.toISOString(), s: stale }))).toBe('BAD_USER_INPUT');
    // A statement signed for another time does not verify for this one.
    const signed = await signActionStatement({ kind: 'grant-revocation', fields }, driverKeys.sig.privateKey);
    const later = new Date(now.getTime() + 1000).toISOString();
    expect(await codeOf(thief.graphql(REVOKE_GRANT, { id: grantId, at: later, s: signed }))).toBe('FORBIDDEN');
    expect(await activeOf(grantId)).toBe(true);

    await thief.graphql(REVOKE_GRANT, { id: grantId, at: now.toISOString(), s: signed });
    expect(await activeOf(grantId)).toBe(false);
    // Single use: replaying the accepted statement finds nothing to revoke.
    expect(await codeOf(thief.graphql(REVOKE_GRANT, { id: grantId, at: now.toISOString(), s: signed }))).toBe('NOT_FOUND');
  });

  it('the test kit revokes as the SDK does (signed)', async () => {
    const grantId = await grant(thief, driver.contents, dispatcher.contents.username);
    await revokeGrant(thief, driver.contents, grantId);
    expect(await activeOf(grantId)).toBe(false);
  });

  it("refuses to revoke the driver's own signing certificate without its signature", async () => {
    const { me } = await thief.graphql<{ me: { certificates: { serialHex: string; kind: string; revokedAt: string | null }[] } }>(
      '{ me { certificates { serialHex kind revokedAt } } }',
    );
    const sig = me.certificates.find((c) => c.kind === 'sig' && c.revokedAt === null);
    expect(sig).toBeDefined();
    const at = new Date().toISOString();
    expect(await codeOf(thief.graphql(REVOKE_CERT, { serial: sig?.serialHex, at, s: FORGED }))).toBe('FORBIDDEN');
    const after = await thief.graphql<{ me: { certificates: { serialHex: string; revokedAt: string | null }[] } }>(
      '{ me { certificates { serialHex revokedAt } } }',
    );
    expect(after.me.certificates.find((c) => c.serialHex === sig?.serialHex)?.revokedAt).toBeNull();
  });
});
