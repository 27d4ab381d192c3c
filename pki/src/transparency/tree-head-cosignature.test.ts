import { base64ToBytes, bytesToBase64, type TreeHeadCosignatureFields } from '@seccam/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPkiError } from '../pki-error.ts';
import { generateStatementKey, importStatementPublicKey, type StatementKey } from '../statement-key.ts';
import { cosignTreeHead, verifyTreeHeadCosignature } from './tree-head-cosignature.ts';
import { signTreeHead, verifyTreeHeadSignature } from './tree-head-signature.ts';
import { flipByte } from './transparency.test-support.ts';

// The test vector of docs/PROTOCOL.md §10 ("Witness"): a witness key, the statement of
// schema's tree-head-cosignature-statement.test.ts, and a cosignature made once with that key.
// ECDSA signatures are randomised, so the vector is a signature that must keep verifying.
const VECTOR_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEkAAaH+JEDPlebVGOEAZDirOcc0ti
TMQxU2LTQUQnQw/a1kNdgttl9cXphiMEtW9DMDk4sYsRv3LRxEGLq6ZZuA==
-----END PUBLIC KEY-----`;
const VECTOR_SIGNATURE_B64 = 'ALnyVLN8jt61Nbgp84xgwMgU99bPWywdF5Wta4tKVOQ3Z5qvkW3gwA3Yc/Jg3SYcilS3xpWq91KjwZBs5lF7wg==';
const vector: TreeHeadCosignatureFields = {
  witnessName: 'witness.example.org',
  witnessKeyIdHex: 'f764464d3a9febfec89a4ec7f33112015b8e6411cc7ae963dc8a4978c7d6131b',
  logIdHex: 'a1'.repeat(32),
  treeSize: 8,
  rootHashHex: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  cosignedAt: new Date('2026-12-01T21:41:00.000Z'),
};

let witness: StatementKey;
let other: StatementKey;

beforeAll(async () => {
  [witness, other] = await Promise.all([generateStatementKey(), generateStatementKey()]);
});

describe('tree head cosignatures', () => {
  it('verify the pinned test vector, whose key id is the statement’s witness-key', async () => {
    const { publicKey, keyIdHex } = await importStatementPublicKey(VECTOR_PUBLIC_KEY_PEM);
    expect(keyIdHex).toBe(vector.witnessKeyIdHex);
    expect(await verifyTreeHeadCosignature(vector, VECTOR_SIGNATURE_B64, publicKey)).toEqual({ ok: true });
    expect(await verifyTreeHeadCosignature(vector, base64ToBytes(VECTOR_SIGNATURE_B64), publicKey)).toEqual({ ok: true });
  });

  it('refuse the vector with any field changed, any signature byte flipped, or another key', async () => {
    const { publicKey } = await importStatementPublicKey(VECTOR_PUBLIC_KEY_PEM);
    const changed: Partial<TreeHeadCosignatureFields>[] = [
      { witnessName: 'witness.example.com' },
      { witnessKeyIdHex: witness.keyIdHex },
      { logIdHex: 'a2'.repeat(32) },
      { treeSize: 9 },
      { rootHashHex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      { cosignedAt: new Date('2026-12-01T21:41:00.001Z') },
    ];
    for (const change of changed) {
      expect(await verifyTreeHeadCosignature({ ...vector, ...change }, VECTOR_SIGNATURE_B64, publicKey)).toEqual(
        expect.objectContaining({ ok: false, reason: 'signature' }),
      );
    }
    const signature = base64ToBytes(VECTOR_SIGNATURE_B64);
    for (let i = 0; i < signature.length; i++) {
      expect((await verifyTreeHeadCosignature(vector, flipByte(signature, i), publicKey)).ok).toBe(false);
    }
    expect((await verifyTreeHeadCosignature(vector, signature, other.publicKey)).ok).toBe(false);
  });

  it('are 64 bytes, verify with the witness key only, and are never a log signature (nor the other way round)', async () => {
    const fields = { ...vector, witnessKeyIdHex: witness.keyIdHex };
    const cosignature = await cosignTreeHead(fields, witness.privateKey);
    expect(cosignature).toHaveLength(64);
    expect(await verifyTreeHeadCosignature(fields, cosignature, witness.publicKey)).toEqual({ ok: true });
    expect((await verifyTreeHeadCosignature(fields, cosignature, other.publicKey)).ok).toBe(false);
    const head = { logIdHex: fields.logIdHex, treeSize: fields.treeSize, rootHashHex: fields.rootHashHex, timestamp: fields.cosignedAt };
    expect((await verifyTreeHeadSignature(head, cosignature, witness.publicKey)).ok).toBe(false);
    const logSignature = await signTreeHead(head, witness.privateKey);
    expect((await verifyTreeHeadCosignature(fields, logSignature, witness.publicKey)).ok).toBe(false);
  });

  it('answer malformed for fields or signatures that cannot be one, and refuse to cosign such fields', async () => {
    const fields = { ...vector, witnessKeyIdHex: witness.keyIdHex };
    const cosignature = await cosignTreeHead(fields, witness.privateKey);
    expect(await verifyTreeHeadCosignature({ ...fields, witnessName: 'A' }, cosignature, witness.publicKey)).toEqual(
      expect.objectContaining({ ok: false, reason: 'malformed' }),
    );
    expect(await verifyTreeHeadCosignature(fields, 'not base64!', witness.publicKey)).toEqual(
      expect.objectContaining({ ok: false, reason: 'malformed' }),
    );
    expect(await verifyTreeHeadCosignature(fields, bytesToBase64(cosignature.slice(0, 63)), witness.publicKey)).toEqual(
      expect.objectContaining({ ok: false, reason: 'signature' }),
    );
    await expect(cosignTreeHead({ ...fields, treeSize: -1 }, witness.privateKey)).rejects.toThrow(TypeError);
  });

  it('refuse keys that are not P-256 keys of the right half', async () => {
    const fields = { ...vector, witnessKeyIdHex: witness.keyIdHex };
    await expect(cosignTreeHead(fields, witness.publicKey)).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MALFORMED'));
    await expect(verifyTreeHeadCosignature(fields, new Uint8Array(64), witness.privateKey)).rejects.toSatisfy((e) =>
      isPkiError(e, 'KEY_MALFORMED'),
    );
  });
});
