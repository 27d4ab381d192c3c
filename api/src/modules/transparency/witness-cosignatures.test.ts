/**
 * Witness cosignatures over real HTTPS: a configured witness's cosignature of a head the log
 * signed is kept and served with that head (latest head and a certificate's log proof alike);
 * an unknown witness, a malformed or forged cosignature, a head the log did not sign and a head
 * not in its tree are refused; the configuration refuses bad witness lists.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cosignTreeHead,
  exportStatementPublicKeyPem,
  generateStatementKey,
  decodePem,
  verifyTreeHeadCosignature,
  type StatementKey,
} from '@seccam/pki';
import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import {
  clientFor,
  createReadyAccount,
  driverAccount,
  type GraphQLRequestError,
  type HttpsClient,
  startTestApi,
  type TestApi,
} from '@seccam/testkit';
import { ConfigError, loadConfig } from '../../config.ts';
import { auditLog } from '../audit/audit.table.ts';
import { COSIGNATURE_RATE } from './witness-cosignatures.service.ts';
import { HEAD_FIELDS, headFields, type RemoteTreeHead } from './transparency.test-support.ts';

interface Cosignature {
  witnessName: string;
  witnessKeyIdHex: string;
  cosignedAt: string;
  signatureB64: string;
}
type CosignedHead = RemoteTreeHead & { cosignatures: Cosignature[] };

const COSIGNATURE_FIELDS = 'witnessName witnessKeyIdHex cosignedAt signatureB64';
const SUBMIT = `mutation($input: TreeHeadCosignatureInput!) { submitTreeHeadCosignature(input: $input) { ${COSIGNATURE_FIELDS} } }`;

const spkiB64 = async (key: StatementKey): Promise<string> =>
  bytesToBase64(decodePem(await exportStatementPublicKeyPem(key.publicKey), 'PUBLIC KEY'));

describe('witness cosignatures', () => {
  let api: TestApi;
  let anonymous: HttpsClient;
  let witness: StatementKey;
  let second: StatementKey;
  let stranger: StatementKey;

  const treeHead = async (): Promise<CosignedHead> =>
    (await anonymous.graphql<{ treeHead: CosignedHead }>(`{ treeHead { ${HEAD_FIELDS} cosignatures { ${COSIGNATURE_FIELDS} } } }`))
      .treeHead;

  /** The submission of `key`'s cosignature of `head` as `name`. */
  async function submission(head: RemoteTreeHead, key: StatementKey, name: string, cosignedAt = new Date()) {
    const fields = headFields(head);
    const signature = await cosignTreeHead({ ...fields, witnessName: name, witnessKeyIdHex: key.keyIdHex, cosignedAt }, key.privateKey);
    return {
      witnessName: name,
      treeSize: head.treeSize,
      rootHashB64: head.rootHashB64,
      timestamp: head.timestamp,
      logSignatureB64: head.signatureB64,
      cosignedAt: cosignedAt.toISOString(),
      cosignatureB64: bytesToBase64(signature),
    };
  }
  const submit = (input: Record<string, unknown>) => anonymous.graphql<{ submitTreeHeadCosignature: Cosignature }>(SUBMIT, { input });
  const refusal = (input: Record<string, unknown>): Promise<string | undefined> =>
    submit(input).then(
      () => undefined,
      (e: unknown) => (e as GraphQLRequestError).code,
    );

  beforeAll(async () => {
    [witness, second, stranger] = await Promise.all([generateStatementKey(), generateStatementKey(), generateStatementKey()]);
    api = await startTestApi({ env: { TRANSPARENCY_WITNESSES: `w1.example=${await spkiB64(witness)}, w2=${await spkiB64(second)}` } });
    anonymous = clientFor(api);
    await createReadyAccount(api, driverAccount());
  });
  afterAll(() => api.stop());

  it('keeps a configured witness’s cosignature and serves it with every head of that size and root', async () => {
    const head = await treeHead();
    expect(head.cosignatures).toEqual([]);
    const input = await submission(head, witness, 'w1.example');
    const { submitTreeHeadCosignature: stored } = await submit(input);
    expect(stored).toEqual({
      witnessName: 'w1.example',
      witnessKeyIdHex: witness.keyIdHex,
      cosignedAt: input.cosignedAt,
      signatureB64: input.cosignatureB64,
    });
    const again = await treeHead();
    expect(again.cosignatures).toEqual([stored]);
    // What the server serves verifies as a client checks it.
    const [served] = again.cosignatures;
    if (!served) throw new Error('no cosignature served');
    const fields = {
      ...headFields(again),
      witnessName: served.witnessName,
      witnessKeyIdHex: served.witnessKeyIdHex,
      cosignedAt: new Date(served.cosignedAt),
    };
    expect(await verifyTreeHeadCosignature(fields, served.signatureB64, witness.publicKey)).toEqual({ ok: true });
    // A later round of the same witness replaces it; a second witness adds its own.
    const later = await submission(head, witness, 'w1.example', new Date(Date.now() + 1000));
    await submit(later);
    await submit(await submission(head, second, 'w2'));
    const both = (await treeHead()).cosignatures;
    expect(both.map((c) => [c.witnessName, c.cosignedAt])).toEqual([
      ['w1.example', later.cosignedAt],
      ['w2', expect.any(String)],
    ]);
    // Audited once per witness and size, not once per round.
    const audited = await api.db.database.db.select().from(auditLog).where(eq(auditLog.action, 'transparency.cosigned'));
    expect(audited.map((a) => [a.actor, a.subject])).toEqual([
      ['witness:w1.example', String(head.treeSize)],
      ['witness:w2', String(head.treeSize)],
    ]);
  });

  it('serves no cosignature for a head that grew since', async () => {
    const before = await treeHead();
    await submit(await submission(before, witness, 'w1.example'));
    await createReadyAccount(api, driverAccount());
    const after = await treeHead();
    expect(after.treeSize).toBeGreaterThan(before.treeSize);
    expect(after.cosignatures).toEqual([]);
  });

  it('refuses an unknown witness, and a known name with another key', async () => {
    const head = await treeHead();
    expect(await refusal(await submission(head, stranger, 'stranger'))).toBe('FORBIDDEN');
    expect(await refusal(await submission(head, stranger, 'w1.example'))).toBe('BAD_USER_INPUT');
    expect(await refusal({ ...(await submission(head, witness, 'w1.example')), witnessName: 'W1' })).toBe('BAD_USER_INPUT');
  });

  it('refuses malformed and forged cosignatures', async () => {
    const head = await treeHead();
    const good = await submission(head, witness, 'w1.example');
    const signature = base64ToBytes(good.cosignatureB64);
    const flipped = signature.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    for (const change of [
      { cosignatureB64: 'not base64!' },
      { cosignatureB64: bytesToBase64(signature.slice(0, 63)) },
      { cosignatureB64: bytesToBase64(new Uint8Array(200)) },
      { cosignatureB64: bytesToBase64(flipped) },
      { cosignatureB64: bytesToBase64(new Uint8Array(64)) },
      { cosignedAt: new Date(Date.parse(good.cosignedAt) + 1).toISOString() },
      { cosignedAt: new Date(Date.now() + 3_600_000).toISOString() },
      { rootHashB64: bytesToBase64(new Uint8Array(31)) },
      { treeSize: -1 },
    ]) {
      expect(await refusal({ ...good, ...change }), JSON.stringify(change)).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a head the log did not sign, or that is not in its tree', async () => {
    const head = await treeHead();
    // Another time than the log signed: not its signature.
    const retimed = { ...head, timestamp: new Date(Date.parse(head.timestamp) + 1).toISOString() };
    expect(await refusal(await submission(retimed, witness, 'w1.example'))).toBe('CONFLICT');
    // Another root at that size, or a size the log has not reached: the log's signature cannot match.
    const rerooted = { ...head, rootHashB64: bytesToBase64(new Uint8Array(32).fill(7)) };
    expect(await refusal(await submission(rerooted, witness, 'w1.example'))).toBe('CONFLICT');
    expect(await refusal(await submission({ ...head, treeSize: head.treeSize + 5 }, witness, 'w1.example'))).toBe('CONFLICT');
  });

  it('limits submissions per address', async () => {
    const head = await treeHead();
    const input = await submission(head, witness, 'w1.example');
    // Earlier tests may have used part of the window: the limit comes at the latest after max
    // accepted submissions (two windows' worth allowed, should one end during the loop).
    let accepted = 0;
    let code: string | undefined;
    for (let i = 0; i <= 2 * COSIGNATURE_RATE.max + 1 && code === undefined; i++) {
      code = await refusal(input);
      if (code === undefined) accepted++;
    }
    expect(code).toBe('RATE_LIMITED');
    expect(accepted).toBeLessThanOrEqual(2 * COSIGNATURE_RATE.max);
  });
});

describe('TRANSPARENCY_WITNESSES', () => {
  it('parses name=base64 pairs and refuses a bad list or a name given twice', async () => {
    const key = await spkiB64(await generateStatementKey());
    expect(loadConfig({ TRANSPARENCY_WITNESSES: `a=${key},b.c-d=${key}` }).transparencyWitnesses).toEqual([
      { name: 'a', publicKeySpkiB64: key },
      { name: 'b.c-d', publicKeySpkiB64: key },
    ]);
    expect(loadConfig({}).transparencyWitnesses).toEqual([]);
    for (const bad of [`A=${key}`, `a:${key}`, `a=${key};b=${key}`, 'a=short', `a=${key},`]) {
      expect(() => loadConfig({ TRANSPARENCY_WITNESSES: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ TRANSPARENCY_WITNESSES: `a=${key},a=${key}` })).toThrow(/listed twice/);
  });
});
