import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@seccam/schema';
import { isPkiError } from '../pki-error.ts';
import { hashLeaf } from './merkle-hash.ts';
import { MerkleTree } from './merkle-tree.ts';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS_HEX, NODE_HASHES_HEX, ROOTS_HEX } from './rfc6962-vectors.test-support.ts';
import { countingSha256, nodeSha256, randomSource, ReferenceTree, testEntries } from './transparency.test-support.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { verifyInclusion } from './verify-inclusion.ts';

const hex = (hashes: readonly Uint8Array[]): string[] => hashes.map(bytesToHex);
const invalidArgument: unknown = expect.objectContaining({ code: 'INVALID_ARGUMENT' });

async function referenceTestTree(): Promise<MerkleTree> {
  return MerkleTree.fromEntries(LEAF_INPUTS_HEX.map((entry) => hexToBytes(entry)));
}

describe('MerkleTree on the RFC 6962 test tree (transparency-dev/merkle vectors)', () => {
  it('has the reference root at every size 0 … 8, also when built one leaf at a time', async () => {
    const full = await referenceTestTree();
    const growing = new MerkleTree();
    for (let size = 0; size <= 8; size++) {
      expect(bytesToHex(await full.rootHash(size))).toBe(ROOTS_HEX[size]);
      expect(bytesToHex(await growing.rootHash())).toBe(ROOTS_HEX[size]);
      const entry = LEAF_INPUTS_HEX[size];
      if (entry !== undefined) growing.appendLeafHash(await hashLeaf(hexToBytes(entry)));
    }
  });

  it('has the reference hash for every complete subtree', async () => {
    const tree = await referenceTestTree();
    for (const [level, hashes] of NODE_HASHES_HEX.entries()) {
      for (const [index, expected] of hashes.entries()) {
        const width = 2 ** level;
        expect(bytesToHex(await tree.subtreeHash(index * width, (index + 1) * width))).toBe(expected);
      }
    }
    expect(hex([tree.leafHash(3)])).toEqual([NODE_HASHES_HEX[0][3]]);
  });

  it.each(INCLUSION_PROOFS)(
    'builds the reference inclusion proof of leaf $leafIndex in size $treeSize',
    async ({ leafIndex, treeSize, proofHex }) => {
      const tree = await referenceTestTree();
      expect(hex(await tree.inclusionProof(leafIndex, treeSize))).toEqual(proofHex);
    },
  );

  it.each(CONSISTENCY_PROOFS)(
    'builds the reference consistency proof from $firstSize to $secondSize',
    async ({ firstSize, secondSize, proofHex }) => {
      const tree = await referenceTestTree();
      expect(hex(await tree.consistencyProof(firstSize, secondSize))).toEqual(proofHex);
    },
  );

  it('hands out copies: changing a returned hash changes nothing inside', async () => {
    const tree = await referenceTestTree();
    const root = await tree.rootHash();
    const proof = await tree.inclusionProof(0);
    const leaf = tree.leafHash(0);
    for (const hash of [root, leaf, ...proof]) hash.fill(0);
    expect(bytesToHex(await tree.rootHash())).toBe(ROOTS_HEX[8]);
    expect(hex(await tree.inclusionProof(0))).toEqual(INCLUSION_PROOFS[1].proofHex);
    expect(bytesToHex(tree.leafHash(0))).toBe(NODE_HASHES_HEX[0][0]);
  });
});

describe('MerkleTree against the naive RFC 9162 model', () => {
  it('agrees on roots, inclusion proofs and consistency proofs for every size up to 65 and every m', async () => {
    const entries = testEntries(65);
    const model = new ReferenceTree(entries);
    const tree = await MerkleTree.fromEntries(entries, nodeSha256);
    for (let n = 1; n <= entries.length; n++) {
      expect(bytesToHex(await tree.rootHash(n))).toBe(bytesToHex(model.root(n)));
      for (let m = 0; m < n; m++) expect(hex(await tree.inclusionProof(m, n))).toEqual(hex(model.path(m, n)));
      for (let m = 1; m <= n; m++) expect(hex(await tree.consistencyProof(m, n))).toEqual(hex(model.proof(m, n)));
    }
  });

  it('answers the same with concurrent readers and with the WebCrypto default hasher', async () => {
    const entries = testEntries(37);
    const model = new ReferenceTree(entries);
    const tree = await MerkleTree.fromEntries(entries);
    const roots = await Promise.all(Array.from({ length: 38 }, (_, n) => tree.rootHash(n)));
    const paths = await Promise.all(Array.from({ length: 37 }, (_, m) => tree.inclusionProof(m)));
    for (let n = 1; n <= 37; n++) expect(bytesToHex(roots[n] as Uint8Array)).toBe(bytesToHex(model.root(n)));
    for (let m = 0; m < 37; m++) expect(hex(paths[m] ?? [])).toEqual(hex(model.path(m, 37)));
  });
});

describe('MerkleTree at the size of a real log', () => {
  it('serves 100 000 leaves with O(log n) hashes per root or proof once the first root is known', async () => {
    const counter = countingSha256();
    const tree = new MerkleTree(counter.sha256);
    const leafHashes = testEntries(100_001).map((entry) => nodeSha256(Uint8Array.of(0, ...entry)));
    for (const leafHash of leafHashes.slice(0, 100_000)) tree.appendLeafHash(leafHash);

    await tree.rootHash();
    expect(counter.calls()).toBeLessThan(100_000);
    const random = randomSource(7);
    for (let i = 0; i < 20; i++) {
      const before = counter.calls();
      const size = 1 + random(100_000);
      const leafIndex = random(size);
      const rootHash = await tree.rootHash(size);
      const proof = await tree.inclusionProof(leafIndex, size);
      const firstSize = 1 + random(size);
      const consistency = await tree.consistencyProof(firstSize, size);
      // Every complete subtree below 100 000 is cached by now: each of the three only hashes the
      // nodes above them, at most 2 per level of a 17-level tree.
      expect(counter.calls() - before).toBeLessThanOrEqual(3 * 2 * 17);
      const leafHash = leafHashes[leafIndex] as Uint8Array;
      expect(await verifyInclusion({ leafIndex, treeSize: size, leafHash, proof, rootHash }, nodeSha256)).toEqual({ ok: true });
      const firstRootHash = await tree.rootHash(firstSize);
      const check = await verifyConsistency(
        { firstSize, firstRootHash, secondSize: size, secondRootHash: rootHash, proof: consistency },
        nodeSha256,
      );
      expect(check).toEqual({ ok: true });
    }

    const before = counter.calls();
    tree.appendLeafHash(leafHashes[100_000] as Uint8Array);
    await tree.rootHash();
    expect(counter.calls() - before).toBeLessThanOrEqual(17);
  });
});

describe('MerkleTree arguments', () => {
  it('refuses sizes, indices and ranges outside the tree with INVALID_ARGUMENT', async () => {
    const tree = await referenceTestTree();
    await expect(tree.rootHash(9)).rejects.toThrow(invalidArgument);
    await expect(tree.rootHash(-1)).rejects.toThrow(invalidArgument);
    await expect(tree.rootHash(1.5)).rejects.toThrow(invalidArgument);
    await expect(tree.inclusionProof(8)).rejects.toThrow(invalidArgument);
    await expect(tree.inclusionProof(2, 2)).rejects.toThrow(invalidArgument);
    await expect(tree.inclusionProof(0, 9)).rejects.toThrow(invalidArgument);
    await expect(tree.inclusionProof(Number.NaN)).rejects.toThrow(invalidArgument);
    await expect(tree.consistencyProof(0, 5)).rejects.toThrow(invalidArgument);
    await expect(tree.consistencyProof(6, 5)).rejects.toThrow(invalidArgument);
    await expect(tree.consistencyProof(1, 9)).rejects.toThrow(invalidArgument);
    await expect(tree.subtreeHash(1, 3)).rejects.toThrow(invalidArgument);
    await expect(tree.subtreeHash(2, 2)).rejects.toThrow(invalidArgument);
    await expect(tree.subtreeHash(4, 9)).rejects.toThrow(invalidArgument);
    expect(() => tree.leafHash(8)).toThrow(invalidArgument);
    expect(() => tree.appendLeafHash(new Uint8Array(31))).toThrow(invalidArgument);
    expect(tree.size).toBe(8);
  });

  it('gives the empty proof for equal sizes and the empty-tree root for size 0', async () => {
    const tree = await referenceTestTree();
    expect(await tree.consistencyProof(8, 8)).toEqual([]);
    expect(bytesToHex(await new MerkleTree().rootHash())).toBe(ROOTS_HEX[0]);
    await expect(new MerkleTree().inclusionProof(0)).rejects.toSatisfy((error) => isPkiError(error, 'INVALID_ARGUMENT'));
  });
});
