/**
 * The certificate transparency log over real HTTPS: what registration and revocation append,
 * signed heads, inclusion proofs (queried and embedded beside certificates), consistency proofs,
 * the monitor listing, and the refusal of bad input. Every check runs pki's verifiers on what
 * the API answered, as a client will.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToHex } from '@seccam/schema';
import { decodePem, verifyConsistency } from '@seccam/pki';
import {
  clientFor,
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  type GraphQLRequestError,
  grant,
  type HttpsClient,
  login,
  type ReadyAccount,
  revokeCertificate,
  startStream,
  startTestApi,
  testLogKey,
  type TestApi,
} from '@seccam/testkit';
import { sha256Of } from './log-entry-record.ts';
import {
  checkInclusion,
  HEAD_FIELDS,
  isProvenInLog,
  isSignedHead,
  issuedEntry,
  LOG_PROOF_FIELDS,
  PROOF_FIELDS,
  type RemoteInclusionProof,
  type RemoteLogProof,
  type RemoteTreeHead,
} from './transparency.test-support.ts';

interface LoggedCertificate {
  leafIndex: number;
  certificatePem: string;
  certificateSha256Hex: string;
  serialHex: string;
  revocationLeafIndex: number | null;
  revokedAt: string | null;
}

const CERTIFICATES_IN_LOG = `query($u: String!) { certificatesInLog(username: $u) {
  leafIndex certificatePem certificateSha256Hex serialHex revocationLeafIndex revokedAt } }`;

const sha256HexOf = (pem: string): string => bytesToHex(sha256Of(decodePem(pem, 'CERTIFICATE')));

describe('certificate transparency log', () => {
  let api: TestApi;
  let anonymous: HttpsClient;
  let logIdHex: string;
  let driver: ReadyAccount;
  let driverClient: HttpsClient;
  let dispatcher: ReadyAccount;

  const treeHead = async (): Promise<RemoteTreeHead> =>
    (await anonymous.graphql<{ treeHead: RemoteTreeHead }>(`{ treeHead { ${HEAD_FIELDS} } }`)).treeHead;
  const inclusionProof = async (args: Record<string, unknown>): Promise<RemoteInclusionProof> =>
    (
      await anonymous.graphql<{ inclusionProof: RemoteInclusionProof }>(
        `query($h: String, $s: String, $i: Int, $n: Int) { inclusionProof(certificateSha256Hex: $h, serialHex: $s, leafIndex: $i, treeSize: $n) { ${PROOF_FIELDS} } }`,
        args,
      )
    ).inclusionProof;
  const inLog = async (username: string): Promise<LoggedCertificate[]> =>
    (await anonymous.graphql<{ certificatesInLog: LoggedCertificate[] }>(CERTIFICATES_IN_LOG, { u: username })).certificatesInLog;
  const refusal = (query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> =>
    anonymous.graphql(query, variables).then(
      () => undefined,
      (e: unknown) => (e as GraphQLRequestError).code,
    );

  beforeAll(async () => {
    api = await startTestApi();
    anonymous = clientFor(api);
    logIdHex = (await testLogKey()).keyIdHex;
    driver = await createReadyAccount(api, driverAccount());
    driverClient = clientFor(api);
    await login(driverClient, driver.contents, driver.nextCode);
    dispatcher = await createReadyAccount(api, dispatcherAccount());
  });
  afterAll(() => api.stop());

  it('publishes a tree head signed by the log key, which is neither the CA key nor the checkpoint key', async () => {
    const head = await treeHead();
    expect(head).toMatchObject({ treeSize: 4, logIdHex });
    expect(await isSignedHead(head, logIdHex)).toBe(true);
    expect(await isSignedHead({ ...head, treeSize: 3 }, logIdHex)).toBe(false);
    expect(await isSignedHead({ ...head, timestamp: new Date(Date.parse(head.timestamp) + 1).toISOString() }, logIdHex)).toBe(false);
    expect(head.logPublicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('logs both certificates of a registration, in order, as 0x01 || DER', async () => {
    const before = await treeHead();
    const account = await createReadyAccount(api, driverAccount());
    const after = await treeHead();
    expect(after.treeSize).toBe(before.treeSize + 2);
    const { sigCertificatePem, encCertificatePem } = account.registration;
    const logged = await inLog(account.contents.username);
    expect(logged.map((c) => c.leafIndex)).toEqual([before.treeSize, before.treeSize + 1]);
    expect(logged.map((c) => c.certificateSha256Hex)).toEqual([sha256HexOf(sigCertificatePem), sha256HexOf(encCertificatePem)]);
    expect(logged.map((c) => decodePem(c.certificatePem, 'CERTIFICATE'))).toEqual(
      [sigCertificatePem, encCertificatePem].map((p) => decodePem(p, 'CERTIFICATE')),
    );
    expect(logged.every((c) => c.revocationLeafIndex === null && c.revokedAt === null)).toBe(true);
    for (const [i, pem] of [sigCertificatePem, encCertificatePem].entries()) {
      const proof = await inclusionProof({ h: sha256HexOf(pem), n: after.treeSize });
      expect(proof.leafIndex).toBe(before.treeSize + i);
      expect(await checkInclusion(issuedEntry(pem), proof, after)).toEqual({ ok: true });
    }
  });

  it('hands out every directory certificate with a proof that verifies against its signed head', async () => {
    const { dispatchers } = await driverClient.graphql<{
      dispatchers: {
        username: string;
        sigCertificatePem: string;
        encCertificatePem: string;
        sigCertificateLogProof: RemoteLogProof | null;
        encCertificateLogProof: RemoteLogProof | null;
      }[];
    }>(
      `query($s: String) { dispatchers(search: $s) { username sigCertificatePem encCertificatePem
          sigCertificateLogProof { ${LOG_PROOF_FIELDS} } encCertificateLogProof { ${LOG_PROOF_FIELDS} } } }`,
      { s: dispatcher.contents.username },
    );
    const entry = dispatchers.find((d) => d.username === dispatcher.contents.username);
    if (!entry) throw new Error('dispatcher missing from the directory');
    expect(await isProvenInLog(entry.sigCertificatePem, entry.sigCertificateLogProof, logIdHex)).toBe(true);
    expect(await isProvenInLog(entry.encCertificatePem, entry.encCertificateLogProof, logIdHex)).toBe(true);
    // The proof is for this certificate only: swapped, it fails.
    expect(await isProvenInLog(entry.sigCertificatePem, entry.encCertificateLogProof, logIdHex)).toBe(false);
  });

  it("proves a stream's owner certificate and each recipient's encryption certificate", async () => {
    await grant(driverClient, driver.contents, dispatcher.contents.username);
    const stream = await startStream(driverClient);
    const { myStreams } = await driverClient.graphql<{
      myStreams: { id: string; sigCertificatePem: string; sigCertificateLogProof: RemoteLogProof | null }[];
    }>(`{ myStreams { id sigCertificatePem sigCertificateLogProof { ${LOG_PROOF_FIELDS} } } }`);
    const mine = myStreams.find((s) => s.id === stream.id);
    expect(await isProvenInLog(mine?.sigCertificatePem ?? '', mine?.sigCertificateLogProof ?? null, logIdHex)).toBe(true);
    const { streamRecipients } = await driverClient.graphql<{
      streamRecipients: { username: string; encCertificatePem: string; encCertificateLogProof: RemoteLogProof | null }[];
    }>(`query($s: ID!) { streamRecipients(streamId: $s) { username encCertificatePem encCertificateLogProof { ${LOG_PROOF_FIELDS} } } }`, {
      s: stream.id,
    });
    expect(streamRecipients.map((r) => r.username).sort()).toEqual([driver.contents.username, dispatcher.contents.username].sort());
    for (const r of streamRecipients) expect(await isProvenInLog(r.encCertificatePem, r.encCertificateLogProof, logIdHex)).toBe(true);
  });

  it('logs a revocation as 0x02 || SHA-256 || time, and proves it', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const holder = clientFor(api);
    await login(holder, account.contents, account.nextCode);
    const pem = account.registration.encCertificatePem;
    const [, logged] = await inLog(account.contents.username);
    const before = await treeHead();
    await revokeCertificate(holder, account.contents, logged?.serialHex ?? '', 'laptop stolen');
    const after = await treeHead();
    expect(after.treeSize).toBe(before.treeSize + 1);
    const [, revoked] = await inLog(account.contents.username);
    expect(revoked).toMatchObject({ leafIndex: logged?.leafIndex, revocationLeafIndex: before.treeSize });
    const revokedAt = new Date(revoked?.revokedAt ?? Number.NaN);
    expect(Math.abs(revokedAt.getTime() - Date.now())).toBeLessThan(60_000);
    const proof = await inclusionProof({ i: before.treeSize });
    const entry = { type: 'certificate-revoked', certificateSha256: sha256Of(decodePem(pem, 'CERTIFICATE')), revokedAt } as const;
    expect(await checkInclusion(entry, proof, after)).toEqual({ ok: true });
    // Revoking again appends nothing.
    expect(
      await revokeCertificate(holder, account.contents, logged?.serialHex ?? '').catch((e: unknown) => (e as GraphQLRequestError).code),
    ).toBe('CONFLICT');
    expect((await treeHead()).treeSize).toBe(after.treeSize);
  });

  it('proves that a newer head extends an older one', async () => {
    const old = await treeHead();
    await createReadyAccount(api, dispatcherAccount());
    const current = await treeHead();
    expect(current.treeSize).toBe(old.treeSize + 2);
    const { consistencyProof } = await anonymous.graphql<{ consistencyProof: string[] }>(
      'query($a: Int!, $b: Int!) { consistencyProof(firstSize: $a, secondSize: $b) }',
      { a: old.treeSize, b: current.treeSize },
    );
    const input = {
      firstSize: old.treeSize,
      firstRootHash: base64ToBytes(old.rootHashB64),
      secondSize: current.treeSize,
      secondRootHash: base64ToBytes(current.rootHashB64),
      proof: consistencyProof.map((h) => base64ToBytes(h)),
    };
    expect(await verifyConsistency(input)).toEqual({ ok: true });
    expect(await verifyConsistency({ ...input, firstRootHash: base64ToBytes(current.rootHashB64) })).toMatchObject({ ok: false });
    // An inclusion proof at the old size still verifies against the old head.
    const first = (await inLog(driver.contents.username))[0];
    const proof = await inclusionProof({ s: first?.serialHex, n: old.treeSize });
    expect(await checkInclusion(issuedEntry(first?.certificatePem ?? ''), proof, old)).toEqual({ ok: true });
  });

  it('refuses malformed sizes and selectors, and answers NOT_FOUND for what the log does not hold', async () => {
    const size = (await treeHead()).treeSize;
    const consistency = 'query($a: Int!, $b: Int!) { consistencyProof(firstSize: $a, secondSize: $b) }';
    expect(await refusal(consistency, { a: -1, b: 2 })).toBe('BAD_USER_INPUT');
    expect(await refusal(consistency, { a: 0, b: 2 })).toBe('BAD_USER_INPUT');
    expect(await refusal(consistency, { a: 3, b: 2 })).toBe('BAD_USER_INPUT');
    expect(await refusal(consistency, { a: 1, b: size + 1 })).toBe('BAD_USER_INPUT');
    const inclusion = `query($h: String, $s: String, $i: Int, $n: Int) { inclusionProof(certificateSha256Hex: $h, serialHex: $s, leafIndex: $i, treeSize: $n) { leafIndex } }`;
    expect(await refusal(inclusion, {})).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { i: 0, s: 'ab' })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { i: -1 })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { i: 1, n: -1 })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { i: 3, n: 2 })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { i: 0, n: size + 1 })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { h: 'AB'.repeat(32) })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { s: 'not hex' })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { s: 'ab'.repeat(100) })).toBe('BAD_USER_INPUT');
    expect(await refusal(inclusion, { h: 'ab'.repeat(32) })).toBe('NOT_FOUND');
    expect(await refusal(inclusion, { s: 'ab'.repeat(16) })).toBe('NOT_FOUND');
    expect(await refusal(inclusion, { i: size })).toBe('NOT_FOUND');
    const listing = 'query($u: String!, $f: Int, $a: Int) { certificatesInLog(username: $u, first: $f, afterLeafIndex: $a) { leafIndex } }';
    expect(await refusal(listing, { u: 'Not A Username!' })).toBe('BAD_USER_INPUT');
    expect(await refusal(listing, { u: 'x'.repeat(10_000) })).toBe('BAD_USER_INPUT');
    expect(await refusal(listing, { u: driver.contents.username, f: 0 })).toBe('BAD_USER_INPUT');
    expect(await refusal(listing, { u: driver.contents.username, f: 501 })).toBe('BAD_USER_INPUT');
    expect(await refusal(listing, { u: driver.contents.username, a: -1 })).toBe('BAD_USER_INPUT');
    const paged = await anonymous.graphql<{ certificatesInLog: { leafIndex: number }[] }>(listing, { u: driver.contents.username, f: 1 });
    const rest = await anonymous.graphql<{ certificatesInLog: { leafIndex: number }[] }>(listing, {
      u: driver.contents.username,
      a: paged.certificatesInLog[0]?.leafIndex,
    });
    expect([...paged.certificatesInLog, ...rest.certificatesInLog].map((c) => c.leafIndex)).toEqual([0, 1]);
    expect((await anonymous.graphql<{ certificatesInLog: unknown[] }>(listing, { u: 'nobody' })).certificatesInLog).toEqual([]);
  });
});
