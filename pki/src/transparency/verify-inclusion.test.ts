import { base64ToBytes, hexToBytes } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { isPkiError } from '../pki-error.ts';
import { MerkleTree } from './merkle-tree.ts';
import { INCLUSION_PROOFS, NODE_HASHES_HEX, ROOTS_HEX } from './rfc6962-vectors.test-support.ts';
import { flipByte, nodeSha256, randomSource, testEntries } from './transparency.test-support.ts';
import probes from './transparency-dev-probes.json';
import { verifyInclusion, type InclusionProofInput, type InclusionRejection } from './verify-inclusion.ts';

const PASS = { ok: true };
const refusal = (reason: InclusionRejection): unknown => expect.objectContaining({ ok: false, reason });

/** A valid claim from the reference tree: leaf 5 of 8. */
function referenceClaim(): InclusionProofInput {
  const vector = INCLUSION_PROOFS[2];
  return {
    leafIndex: vector.leafIndex,
    treeSize: vector.treeSize,
    leafHash: hexToBytes(NODE_HASHES_HEX[0][vector.leafIndex]),
    proof: vector.proofHex.map((hash) => hexToBytes(hash)),
    rootHash: hexToBytes(ROOTS_HEX[vector.treeSize]),
  };
}

describe('verifyInclusion against independent vectors', () => {
  it.each(INCLUSION_PROOFS)(
    'accepts the reference proof of leaf $leafIndex in size $treeSize',
    async ({ leafIndex, treeSize, proofHex }) => {
      const leafHash = hexToBytes(NODE_HASHES_HEX[0][leafIndex]);
      const rootHash = hexToBytes(ROOTS_HEX[treeSize]);
      const proof = proofHex.map((hash) => hexToBytes(hash));
      expect(await verifyInclusion({ leafIndex, treeSize, leafHash, proof, rootHash })).toEqual(PASS);
    },
  );

  // transparency-dev/merkle's published probes (see the "source" field of the JSON file).
  it.each(probes.inclusion)('$file: $desc (error expected: $wantErr)', async (probe) => {
    const claim = {
      leafHash: base64ToBytes(probe.leafHash),
      rootHash: base64ToBytes(probe.root),
      proof: probe.proof.map((hash) => base64ToBytes(hash)),
      treeSize: probe.treeSize,
    };
    if (typeof probe.leafIdx === 'string') {
      // 2^64 - 1 is no JavaScript tree index ([Note: tree sizes as numbers]): a type error, not an answer.
      expect(BigInt(probe.leafIdx)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
      await expect(verifyInclusion({ ...claim, leafIndex: Number(probe.leafIdx) })).rejects.toSatisfy((e) =>
        isPkiError(e, 'INVALID_ARGUMENT'),
      );
      return;
    }
    const result = await verifyInclusion({ ...claim, leafIndex: probe.leafIdx });
    expect(result.ok).toBe(!probe.wantErr);
  });
});

describe('verifyInclusion reasons', () => {
  it.each([
    ['a 31-byte leaf hash', { leafHash: new Uint8Array(31) }, 'malformed-hash'],
    ['a 33-byte root hash', { rootHash: new Uint8Array(33) }, 'malformed-hash'],
    ['an empty proof element', { proof: [new Uint8Array(0), ...referenceClaim().proof] }, 'malformed-hash'],
    ['leafIndex = treeSize', { leafIndex: 8 }, 'index-out-of-range'],
    ['anything in the empty tree', { leafIndex: 0, treeSize: 0, proof: [] }, 'index-out-of-range'],
    ['one hash too many', { proof: [...referenceClaim().proof, new Uint8Array(32)] }, 'proof-too-long'],
    ['a path for a larger tree', { treeSize: 6 }, 'proof-too-long'],
    ['one hash too few', { proof: referenceClaim().proof.slice(0, 2) }, 'proof-too-short'],
    ['a path for a smaller tree', { treeSize: 16 }, 'proof-too-short'],
    ['another leaf', { leafHash: hexToBytes(NODE_HASHES_HEX[0][4]) }, 'root-mismatch'],
    ['another index with the same path length', { leafIndex: 4 }, 'root-mismatch'],
    ['another root', { rootHash: hexToBytes(ROOTS_HEX[7]) }, 'root-mismatch'],
  ] as const)('refuses %s', async (_label, change, reason) => {
    expect(await verifyInclusion({ ...referenceClaim(), ...change })).toEqual(refusal(reason));
  });

  it('takes treeSize and rootHash as one pair: a path only fixes the shape, so both must come from one signed tree head', async () => {
    const vector = INCLUSION_PROOFS[1];
    const claim = {
      leafIndex: 0,
      leafHash: hexToBytes(NODE_HASHES_HEX[0][0]),
      proof: vector.proofHex.map((hash) => hexToBytes(hash)),
      rootHash: hexToBytes(ROOTS_HEX[8]),
    };
    // RFC 9162 §2.1.3.2 reads the size only for the path's shape, which sizes 5 … 8 share for leaf 0.
    expect(await verifyInclusion({ ...claim, treeSize: 7 })).toEqual(PASS);
    expect(await verifyInclusion({ ...claim, treeSize: 7, rootHash: hexToBytes(ROOTS_HEX[7]) })).toEqual(refusal('root-mismatch'));
  });

  it('gives every refusal a message', async () => {
    const result = await verifyInclusion({ ...referenceClaim(), leafIndex: 9 });
    expect(result).toEqual({ ok: false, reason: 'index-out-of-range', message: 'leafIndex 9 is not below treeSize 8' });
  });

  it('refuses every single flipped byte of the reference proof, leaf and root', async () => {
    const claim = referenceClaim();
    for (let i = 0; i < 32; i++) {
      expect(await verifyInclusion({ ...claim, leafHash: flipByte(claim.leafHash, i) })).toEqual(refusal('root-mismatch'));
      expect(await verifyInclusion({ ...claim, rootHash: flipByte(claim.rootHash, i, 0x80) })).toEqual(refusal('root-mismatch'));
      for (const [k, hash] of claim.proof.entries()) {
        const proof = claim.proof.map((other, j) => (j === k ? flipByte(hash, i) : other));
        expect(await verifyInclusion({ ...claim, proof })).toEqual(refusal('root-mismatch'));
      }
    }
  });

  it('throws INVALID_ARGUMENT for values of the wrong type', async () => {
    const claim = referenceClaim();
    const bad = [
      { leafIndex: -1 },
      { leafIndex: 1.5 },
      { treeSize: Number.NaN },
      { treeSize: 2 ** 53 },
      { proof: 'not an array' },
      { proof: [Array(32).fill(0)] },
      { leafHash: 'aa'.repeat(32) },
      { rootHash: null },
    ];
    for (const change of bad) {
      const input = { ...claim, ...change } as unknown as InclusionProofInput;
      await expect(verifyInclusion(input)).rejects.toSatisfy((e) => isPkiError(e, 'INVALID_ARGUMENT'));
    }
  });
});

describe('verifyInclusion properties (random sizes up to 200, every leaf)', () => {
  const random = randomSource(20_240_917);
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200];
  for (let i = 0; i < 6; i++) sizes.push(1 + random(200));

  it.each(sizes)('size %i: every generated proof verifies, and every tampered claim is refused', async (n) => {
    const tree = await MerkleTree.fromEntries(testEntries(2 * n), nodeSha256);
    const rootHash = await tree.rootHash(n);
    const check = (input: Partial<InclusionProofInput>, base: InclusionProofInput) => verifyInclusion({ ...base, ...input }, nodeSha256);
    for (let m = 0; m < n; m++) {
      const claim: InclusionProofInput = {
        leafIndex: m,
        treeSize: n,
        leafHash: tree.leafHash(m),
        proof: await tree.inclusionProof(m, n),
        rootHash,
      };
      expect(await check({}, claim)).toEqual(PASS);
      // One flipped byte anywhere.
      expect((await check({ leafHash: flipByte(claim.leafHash, random(32)) }, claim)).ok).toBe(false);
      expect((await check({ rootHash: flipByte(claim.rootHash, random(32)) }, claim)).ok).toBe(false);
      for (const k of claim.proof.keys()) {
        const proof = claim.proof.map((hash, j) => (j === k ? flipByte(hash, random(32), 1 << random(8)) : hash));
        expect((await check({ proof }, claim)).ok).toBe(false);
      }
      // Wrong index, wrong size, a hash dropped or added.
      for (const leafIndex of new Set([m - 1, m + 1, m ^ 1, n, random(n)])) {
        if (leafIndex >= 0 && leafIndex !== m) expect((await check({ leafIndex }, claim)).ok).toBe(false);
      }
      // A wrong size with the root of that size, as a client holding that size's tree head has it.
      for (const treeSize of [n - 1, n + 1, 2 * n]) {
        if (treeSize > m && treeSize !== n)
          expect((await check({ treeSize, rootHash: await tree.rootHash(treeSize) }, claim)).ok).toBe(false);
      }
      if (claim.proof.length > 0) expect(await check({ proof: claim.proof.slice(1) }, claim)).toEqual(refusal('proof-too-short'));
      expect((await check({ proof: [...claim.proof, rootHash] }, claim)).ok).toBe(false);
    }
  });
});
