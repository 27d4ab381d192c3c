import { bytesEqual } from '@seccam/schema';
import { defaultSha256, hashChildren, type Sha256 } from './merkle-hash.ts';
import { assertBytes, assertProofShape, malformedHashProblem, PASS, refuse, type ProofCheck } from './proof-check.ts';
import { assertTreeIndex, isLowestBitSet, isPowerOfTwo, shiftRight } from './tree-size.ts';

/** A claim that the tree of `secondSize` entries extends the tree of `firstSize` entries. */
export interface ConsistencyProofInput {
  /** `first` of RFC 9162: the size of the older tree head. */
  readonly firstSize: number;
  /** `first_hash`: the root hash of the older tree head. */
  readonly firstRootHash: Uint8Array;
  /** `second`: the size of the newer tree head. */
  readonly secondSize: number;
  /** `second_hash`: the root hash of the newer tree head. */
  readonly secondRootHash: Uint8Array;
  /** The consistency path (RFC 9162 §2.1.4.1). */
  readonly proof: readonly Uint8Array[];
}

/**
 * Why a consistency proof fails, in the order checked:
 * - `malformed-hash`: a root hash or a proof element is not 32 bytes;
 * - `size-order`: firstSize > secondSize;
 * - `empty-first-tree`: firstSize is 0. The RFC defines proofs for 0 < first only: every tree
 *   extends the empty one, so there is nothing to prove, and a client that has seen no tree
 *   head (or only the empty one) has nothing to check yet;
 * - `proof-too-long`: equal sizes with a non-empty proof, or more hashes than the trees need (step 6a);
 * - `proof-too-short`: an empty proof for different sizes (step 1), or one that stops below the root (step 7, sn ≠ 0);
 * - `first-root-mismatch`: the proof does not rebuild the older root (step 7): the older head
 *   is not a prefix of this tree, or the proof is wrong;
 * - `second-root-mismatch`: the proof does not rebuild the newer root (step 7), or, for equal
 *   sizes, the two roots differ: either way two views of the log that cannot both be true.
 */
export type ConsistencyRejection =
  | 'malformed-hash'
  | 'size-order'
  | 'empty-first-tree'
  | 'proof-too-long'
  | 'proof-too-short'
  | 'first-root-mismatch'
  | 'second-root-mismatch';

/** The outcome of {@link verifyConsistency}. */
export type ConsistencyCheck = ProofCheck<ConsistencyRejection>;

/**
 * Verifies a consistency proof between two tree heads exactly as RFC 9162 §2.1.4.2 describes
 * (https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4.2), answering as data
 * ([Note: proof verification answers]). Equal sizes are consistent when the proof is empty and
 * the roots are equal (the empty SUBPROOF(m, D[m], true) of §2.1.4.1).
 * @param sha256 SHA-256 provider ([Note: hash provider]; default WebCrypto)
 * @throws PkiError `INVALID_ARGUMENT` only for values of the wrong type (see the note)
 */
export async function verifyConsistency(input: ConsistencyProofInput, sha256: Sha256 = defaultSha256): Promise<ConsistencyCheck> {
  const { firstSize: first, secondSize: second, firstRootHash, secondRootHash, proof } = input;
  assertTreeIndex(first, 'firstSize');
  assertTreeIndex(second, 'secondSize');
  assertBytes({ firstRootHash, secondRootHash });
  assertProofShape(proof);
  const malformed = malformedHashProblem({ firstRootHash, secondRootHash }, proof);
  if (malformed !== null) return refuse('malformed-hash', malformed);
  if (first > second) return refuse('size-order', `firstSize ${first} is larger than secondSize ${second}`);
  if (first === 0) return refuse('empty-first-tree', 'there is no consistency proof from the empty tree');
  if (first === second) {
    if (proof.length > 0) return refuse('proof-too-long', `equal sizes take an empty proof, got ${proof.length} hashes`);
    if (!bytesEqual(firstRootHash, secondRootHash)) return refuse('second-root-mismatch', `two different root hashes for size ${first}`);
    return PASS;
  }
  return verifyConsistencyPath(first, second, firstRootHash, secondRootHash, proof, sha256);
}

/** Steps 1–7 of RFC 9162 §2.1.4.2, for 0 < first < second and well-formed hashes. */
async function verifyConsistencyPath(
  first: number,
  second: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  consistencyPath: readonly Uint8Array[],
  sha256: Sha256,
): Promise<ConsistencyCheck> {
  // 1. An empty path fails.
  if (consistencyPath.length === 0) return refuse('proof-too-short', `sizes ${first} and ${second} need a non-empty proof`);
  // 2. When first is a power of two, the old tree is a complete subtree the proof leaves out.
  const path = isPowerOfTwo(first) ? [firstHash, ...consistencyPath] : consistencyPath;
  // 3. fn = first - 1, sn = second - 1.
  let fn = first - 1;
  let sn = second - 1;
  // 4. Climb while fn is a right child.
  while (isLowestBitSet(fn)) {
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // 5. fr = sr = the first value of the path.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // 6. For each subsequent value c:
  for (const c of path.slice(1)) {
    // a.
    if (sn === 0)
      return refuse('proof-too-long', `the proof has ${consistencyPath.length} hashes, more than sizes ${first} and ${second} need`);
    // b. c is a left sibling of both paths, or the node has no right sibling in the old tree.
    if (isLowestBitSet(fn) || fn === sn) {
      fr = await hashChildren(c, fr, sha256);
      sr = await hashChildren(c, sr, sha256);
      while (!isLowestBitSet(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      // c is a right sibling that only the new tree has.
      sr = await hashChildren(sr, c, sha256);
    }
    // c.
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // 7. The path must reach the root, and rebuild both roots.
  if (sn !== 0)
    return refuse('proof-too-short', `the proof has ${consistencyPath.length} hashes and stops below the root of a tree of ${second}`);
  if (!bytesEqual(fr, firstHash)) return refuse('first-root-mismatch', `the proof does not rebuild the root of size ${first}`);
  if (!bytesEqual(sr, secondHash)) return refuse('second-root-mismatch', `the proof does not rebuild the root of size ${second}`);
  return PASS;
}
