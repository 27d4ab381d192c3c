import { bytesEqual } from '@seccam/schema';
import { defaultSha256, hashChildren, type Sha256 } from './merkle-hash.ts';
import { assertBytes, assertProofShape, malformedHashProblem, PASS, refuse, type ProofCheck } from './proof-check.ts';
import { assertTreeIndex, isLowestBitSet, shiftRight } from './tree-size.ts';

/** A claim that `leafHash` is leaf `leafIndex` of the tree of `treeSize` entries with root `rootHash`. */
export interface InclusionProofInput {
  readonly leafIndex: number;
  readonly treeSize: number;
  /** The leaf hash of the entry (see `hashLeaf`), not the entry itself. */
  readonly leafHash: Uint8Array;
  /** The inclusion path: sibling hashes from the leaf up (RFC 9162 §2.1.3.1). */
  readonly proof: readonly Uint8Array[];
  /** The root hash of a tree head of size `treeSize` the client trusts (checked signature). */
  readonly rootHash: Uint8Array;
}

/**
 * Why an inclusion proof fails, in the order checked:
 * - `malformed-hash`: the leaf hash, the root hash or a proof element is not 32 bytes;
 * - `index-out-of-range`: leafIndex ≥ treeSize (step 1; so nothing is in the empty tree);
 * - `proof-too-long`: the path has more elements than the leaf has ancestors (step 4a);
 * - `proof-too-short`: the path ended below the root (step 5, sn ≠ 0);
 * - `root-mismatch`: the path leads to another root (step 5).
 */
export type InclusionRejection = 'malformed-hash' | 'index-out-of-range' | 'proof-too-long' | 'proof-too-short' | 'root-mismatch';

/** The outcome of {@link verifyInclusion}. */
export type InclusionCheck = ProofCheck<InclusionRejection>;

/**
 * Verifies an inclusion proof exactly as RFC 9162 §2.1.3.2 describes
 * (https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2), answering as data
 * ([Note: proof verification answers]). `treeSize` and `rootHash` must come from one tree head
 * whose signature the caller checked: the path fixes only the shape of the tree, which several
 * sizes can share, so only the signed pair ties the leaf to a size.
 * @param sha256 SHA-256 provider ([Note: hash provider]; default WebCrypto)
 * @throws PkiError `INVALID_ARGUMENT` only for values of the wrong type (see the note)
 */
export async function verifyInclusion(input: InclusionProofInput, sha256: Sha256 = defaultSha256): Promise<InclusionCheck> {
  const { leafIndex, treeSize, leafHash, proof, rootHash } = input;
  assertTreeIndex(leafIndex, 'leafIndex');
  assertTreeIndex(treeSize, 'treeSize');
  assertBytes({ leafHash, rootHash });
  assertProofShape(proof);
  const malformed = malformedHashProblem({ leafHash, rootHash }, proof);
  if (malformed !== null) return refuse('malformed-hash', malformed);

  // 1. leaf_index ≥ tree_size fails.
  if (leafIndex >= treeSize) return refuse('index-out-of-range', `leafIndex ${leafIndex} is not below treeSize ${treeSize}`);
  // 2.–3. fn = leaf_index, sn = tree_size - 1, r = hash.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4. For each p in inclusion_path:
  for (const [index, p] of proof.entries()) {
    // a. sn = 0: the path is longer than the leaf's way to the root.
    if (sn === 0) return refuse('proof-too-long', `the proof has ${proof.length} hashes; leaf ${leafIndex} of ${treeSize} needs ${index}`);
    // b. The node is a right child, or the last node of its level (no right sibling).
    if (isLowestBitSet(fn) || fn === sn) {
      r = await hashChildren(p, r, sha256);
      // Climb past the levels where the node has no right sibling.
      while (!isLowestBitSet(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      r = await hashChildren(r, p, sha256);
    }
    // c.
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // 5. The path must end at the root, and the root must be the one trusted.
  if (sn !== 0) return refuse('proof-too-short', `the proof has ${proof.length} hashes and stops below the root of a tree of ${treeSize}`);
  if (!bytesEqual(r, rootHash)) return refuse('root-mismatch', 'the proof leads to a different root hash');
  return PASS;
}
