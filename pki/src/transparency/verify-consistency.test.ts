import { base64ToBytes, hexToBytes } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { isPkiError } from '../pki-error.ts';
import { MerkleTree } from './merkle-tree.ts';
import { CONSISTENCY_PROOFS, ROOTS_HEX } from './rfc6962-vectors.test-support.ts';
import { flipByte, nodeSha256, randomSource, testEntries } from './transparency.test-support.ts';
import probes from './transparency-dev-probes.json';
import { verifyConsistency, type ConsistencyProofInput, type ConsistencyRejection } from './verify-consistency.ts';

const PASS = { ok: true };
const refusal = (reason: ConsistencyRejection): unknown => expect.objectContaining({ ok: false, reason });
const root = (size: number): Uint8Array => hexToBytes(ROOTS_HEX[size] ?? '');

/** A valid claim from the reference tree: 6 → 8. */
function referenceClaim(): ConsistencyProofInput {
  const vector = CONSISTENCY_PROOFS[2];
  return {
    firstSize: vector.firstSize,
    firstRootHash: root(vector.firstSize),
    secondSize: vector.secondSize,
    secondRootHash: root(vector.secondSize),
    proof: vector.proofHex.map((hash) => hexToBytes(hash)),
  };
}

/**
 * Probes whose expectation SecCam deliberately does not share: transparency-dev accepts two equal
 * 12-byte "roots" for equal sizes; SecCam refuses every hash that is not 32 bytes.
 */
const STRICTER: Record<string, ConsistencyRejection> = {
  'consistency/additional/sizes-are-equal-one-and-proof-is-empty.json': 'malformed-hash',
};

describe('verifyConsistency against independent vectors', () => {
  it.each(CONSISTENCY_PROOFS)('accepts the reference proof from $firstSize to $secondSize', async ({ firstSize, secondSize, proofHex }) => {
    const proof = proofHex.map((hash) => hexToBytes(hash));
    expect(
      await verifyConsistency({ firstSize, firstRootHash: root(firstSize), secondSize, secondRootHash: root(secondSize), proof }),
    ).toEqual(PASS);
  });

  // transparency-dev/merkle's published probes (see the "source" field of the JSON file).
  it.each(probes.consistency)('$file: $desc (error expected: $wantErr)', async (probe) => {
    const result = await verifyConsistency({
      firstSize: probe.size1,
      firstRootHash: base64ToBytes(probe.root1),
      secondSize: probe.size2,
      secondRootHash: base64ToBytes(probe.root2),
      proof: probe.proof.map((hash) => base64ToBytes(hash)),
    });
    const stricter = STRICTER[probe.file];
    if (stricter !== undefined) expect(result).toEqual(refusal(stricter));
    else expect(result.ok).toBe(!probe.wantErr);
  });
});

describe('verifyConsistency reasons', () => {
  it.each([
    ['a 31-byte first root', { firstRootHash: new Uint8Array(31) }, 'malformed-hash'],
    ['a 33-byte proof element', { proof: [...referenceClaim().proof, new Uint8Array(33)] }, 'malformed-hash'],
    ['firstSize > secondSize', { firstSize: 8, secondSize: 6, firstRootHash: root(8), secondRootHash: root(6) }, 'size-order'],
    ['a proof from the empty tree', { firstSize: 0, firstRootHash: root(0), proof: [] }, 'empty-first-tree'],
    ['two empty trees', { firstSize: 0, secondSize: 0, firstRootHash: root(0), secondRootHash: root(0), proof: [] }, 'empty-first-tree'],
    ['equal sizes with a proof', { secondSize: 6, secondRootHash: root(6) }, 'proof-too-long'],
    ['equal sizes, different roots', { secondSize: 6, secondRootHash: root(7), proof: [] }, 'second-root-mismatch'],
    ['an empty proof for different sizes', { proof: [] }, 'proof-too-short'],
    ['one hash too many', { proof: [...referenceClaim().proof, root(1)] }, 'proof-too-long'],
    ['one hash too few', { proof: referenceClaim().proof.slice(0, 2) }, 'proof-too-short'],
    ['a proof for a larger tree', { secondSize: 16 }, 'proof-too-short'],
    ['another first root', { firstRootHash: root(5) }, 'first-root-mismatch'],
    ['another second root', { secondRootHash: root(7) }, 'second-root-mismatch'],
  ] as const)('refuses %s', async (_label, change, reason) => {
    expect(await verifyConsistency({ ...referenceClaim(), ...change })).toEqual(refusal(reason));
  });

  it('accepts equal sizes with equal roots and an empty proof', async () => {
    expect(await verifyConsistency({ firstSize: 5, firstRootHash: root(5), secondSize: 5, secondRootHash: root(5), proof: [] })).toEqual(
      PASS,
    );
  });

  it('gives every refusal a message', async () => {
    const result = await verifyConsistency({ ...referenceClaim(), firstSize: 9 });
    expect(result).toEqual({ ok: false, reason: 'size-order', message: 'firstSize 9 is larger than secondSize 8' });
  });

  it('refuses every single flipped byte of the reference proof and roots', async () => {
    const claim = referenceClaim();
    for (let i = 0; i < 32; i++) {
      expect(await verifyConsistency({ ...claim, firstRootHash: flipByte(claim.firstRootHash, i) })).toEqual(
        refusal('first-root-mismatch'),
      );
      expect(await verifyConsistency({ ...claim, secondRootHash: flipByte(claim.secondRootHash, i, 0x80) })).toEqual(
        refusal('second-root-mismatch'),
      );
      for (const [k, hash] of claim.proof.entries()) {
        const proof = claim.proof.map((other, j) => (j === k ? flipByte(hash, i) : other));
        expect((await verifyConsistency({ ...claim, proof })).ok).toBe(false);
      }
    }
  });

  it('throws INVALID_ARGUMENT for values of the wrong type', async () => {
    const claim = referenceClaim();
    const bad = [
      { firstSize: -1 },
      { secondSize: 2.5 },
      { secondSize: 2 ** 53 },
      { proof: null },
      { proof: ['00'] },
      { firstRootHash: [] },
    ];
    for (const change of bad) {
      const input = { ...claim, ...change } as unknown as ConsistencyProofInput;
      await expect(verifyConsistency(input)).rejects.toSatisfy((e) => isPkiError(e, 'INVALID_ARGUMENT'));
    }
  });
});

describe('verifyConsistency properties (random sizes up to 200, every older size)', () => {
  const random = randomSource(9162);
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200];
  for (let i = 0; i < 6; i++) sizes.push(1 + random(200));

  it.each(sizes)('size %i: every generated proof verifies, and every tampered claim is refused', async (n) => {
    const tree = await MerkleTree.fromEntries(testEntries(2 * n), nodeSha256);
    const rootOf = (size: number) => tree.rootHash(size);
    const check = (input: Partial<ConsistencyProofInput>, base: ConsistencyProofInput) =>
      verifyConsistency({ ...base, ...input }, nodeSha256);
    for (let m = 1; m <= n; m++) {
      const claim: ConsistencyProofInput = {
        firstSize: m,
        firstRootHash: await rootOf(m),
        secondSize: n,
        secondRootHash: await rootOf(n),
        proof: await tree.consistencyProof(m, n),
      };
      expect(await check({}, claim)).toEqual(PASS);
      // One flipped byte anywhere.
      expect((await check({ firstRootHash: flipByte(claim.firstRootHash, random(32)) }, claim)).ok).toBe(false);
      expect((await check({ secondRootHash: flipByte(claim.secondRootHash, random(32)) }, claim)).ok).toBe(false);
      for (const k of claim.proof.keys()) {
        const proof = claim.proof.map((hash, j) => (j === k ? flipByte(hash, random(32), 1 << random(8)) : hash));
        expect((await check({ proof }, claim)).ok).toBe(false);
      }
      // Wrong sizes, each with the root of that size (the tree head a client would hold).
      for (const firstSize of [m - 1, m + 1, random(n) + 1]) {
        if (firstSize >= 1 && firstSize <= n && firstSize !== m) {
          expect((await check({ firstSize, firstRootHash: await rootOf(firstSize) }, claim)).ok).toBe(false);
        }
      }
      for (const secondSize of [n - 1, n + 1, 2 * n]) {
        if (secondSize >= m && secondSize !== n)
          expect((await check({ secondSize, secondRootHash: await rootOf(secondSize) }, claim)).ok).toBe(false);
      }
      // Roots swapped, a hash dropped or added.
      if (m < n) {
        expect((await check({ firstRootHash: claim.secondRootHash, secondRootHash: claim.firstRootHash }, claim)).ok).toBe(false);
        expect((await check({ proof: claim.proof.slice(1) }, claim)).ok).toBe(false);
        expect((await check({ proof: claim.proof.slice(0, -1) }, claim)).ok).toBe(false);
      }
      expect((await check({ proof: [...claim.proof, claim.secondRootHash] }, claim)).ok).toBe(false);
    }
  });
});
