import { cosignTreeHead, exportStatementPublicKeyPem, generateStatementKey, type StatementKey } from '@seccam/pki';
import { bytesToBase64, type TreeHeadFields } from '@seccam/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TreeHeadCosignatureInfo } from './log-follower.ts';
import { isTransparencyError } from './transparency-error.ts';
import { requiredWitnesses, type RequiredWitness } from './witness-requirement.ts';

const head: TreeHeadFields = {
  logIdHex: 'a1'.repeat(32),
  treeSize: 8,
  rootHashHex: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  timestamp: new Date('2026-12-01T21:40:00.000Z'),
};
const cosignedAt = '2026-12-01T21:41:00.000Z';

let keys: StatementKey[];
let witnesses: RequiredWitness[];

async function cosignature(name: string, key: StatementKey, fields: TreeHeadFields = head): Promise<TreeHeadCosignatureInfo> {
  const signature = await cosignTreeHead(
    { ...fields, witnessName: name, witnessKeyIdHex: key.keyIdHex, cosignedAt: new Date(cosignedAt) },
    key.privateKey,
  );
  return { witnessName: name, witnessKeyIdHex: key.keyIdHex, cosignedAt, signatureB64: bytesToBase64(signature) };
}

async function verdict(check: ReturnType<typeof requiredWitnesses>, cosignatures: unknown): Promise<string> {
  if (check === undefined) throw new Error('no check');
  return check(head, cosignatures as TreeHeadCosignatureInfo[]).then(
    () => 'accepted',
    (e: unknown) => (isTransparencyError(e) ? e.code : String(e)),
  );
}

beforeAll(async () => {
  const [k1, k2, k3] = await Promise.all([generateStatementKey(), generateStatementKey(), generateStatementKey()]);
  keys = [k1, k2, k3];
  // One key as a PEM, the other as bare base64 of the SPKI DER (what `witness init` prints).
  witnesses = [
    { name: 'w1', publicKey: await exportStatementPublicKeyPem(k1.publicKey) },
    { name: 'w2', publicKey: (await exportStatementPublicKeyPem(k2.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '') },
  ];
});

describe('requiring witnesses', () => {
  it('needs none when no witness is required', () => {
    expect(requiredWitnesses([])).toBeUndefined();
  });

  it('counts valid cosignatures of the required witnesses against the minimum (default: all)', async () => {
    const [k1, k2, k3] = keys as [StatementKey, StatementKey, StatementKey];
    const both = [await cosignature('w1', k1), await cosignature('w2', k2)];
    expect(await verdict(requiredWitnesses(witnesses), both)).toBe('accepted');
    expect(await verdict(requiredWitnesses(witnesses), both.slice(0, 1))).toBe('NOT_WITNESSED');
    expect(await verdict(requiredWitnesses(witnesses, 1), both.slice(1))).toBe('accepted');
    // The same witness twice counts once.
    expect(await verdict(requiredWitnesses(witnesses), [both[0], both[0]])).toBe('NOT_WITNESSED');
    // Another witness's key under a required name, a cosignature of another head, an unknown witness: not counted.
    const forgedW2 = await cosignature('w2', k3);
    const otherHead = await cosignature('w2', k2, { ...head, treeSize: 9 });
    const stranger = await cosignature('w3', k3);
    for (const extra of [forgedW2, otherHead, stranger, { ...both[1], cosignedAt: '2026-12-01T21:41:00.001Z' }]) {
      expect(await verdict(requiredWitnesses(witnesses), [both[0], extra])).toBe('NOT_WITNESSED');
    }
    // Malformed lists and entries are refused as not witnessed, never thrown as something else.
    for (const bad of [null, undefined, 'x', [null], [{ witnessName: 'w1' }], [{ ...both[0], signatureB64: '!!' }]]) {
      expect(await verdict(requiredWitnesses(witnesses, 1), bad)).toBe('NOT_WITNESSED');
    }
  });

  it('refuses a bad list at once', () => {
    expect(() => requiredWitnesses(witnesses, 0)).toThrow(/from 1 to 2/);
    expect(() => requiredWitnesses(witnesses, 3)).toThrow(/from 1 to 2/);
    expect(() => requiredWitnesses([], 1)).toThrow(/needs requireWitnesses/);
    expect(() => requiredWitnesses([{ name: 'w1', publicKey: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----' }])).toThrow();
  });

  it('reports a key that is not a P-256 key at the first check', async () => {
    const check = requiredWitnesses([{ name: 'w1', publicKey: bytesToBase64(new Uint8Array(91)) }]);
    expect(await verdict(check, [])).toMatch(/not an ECDSA P-256 public key/);
  });
});
