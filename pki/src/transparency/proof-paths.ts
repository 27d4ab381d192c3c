import { largestPowerOfTwoBelow } from './tree-size.ts';

/**
 * The Merkle Tree Hash of D[start:end] for the ranges RFC 9162's recursion visits (see
 * {@link MerkleTree.subtreeHash}). Proof building needs nothing else from a tree.
 */
export interface SubtreeHasher {
  subtreeHash(start: number, end: number): Promise<Uint8Array>;
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1, the inclusion proof (audit path) of leaf `leafIndex` in
 * the tree of the first `treeSize` entries. Written as a loop from the root down: each step
 * records the sibling subtree and descends into the half holding the leaf; the RFC lists the
 * siblings from the leaf up, hence the reversal. Arguments are checked by the caller
 * (0 ≤ leafIndex < treeSize).
 */
export async function inclusionPath(tree: SubtreeHasher, leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
  const path: Uint8Array[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (leafIndex < start + k) {
      path.push(await tree.subtreeHash(start + k, end));
      end = start + k;
    } else {
      path.push(await tree.subtreeHash(start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, the consistency proof between
 * the trees of the first `firstSize` and `secondSize` entries (0 < firstSize ≤ secondSize,
 * checked by the caller; equal sizes give the empty proof). `complete` is the RFC's flag `b`:
 * it stays true while the old tree is the left-most part of the current subtree, in which case
 * the verifier already knows that subtree's hash (the old root) and it is left out.
 */
export async function consistencyPath(tree: SubtreeHasher, firstSize: number, secondSize: number): Promise<Uint8Array[]> {
  const path: Uint8Array[] = [];
  let start = 0;
  let end = secondSize;
  let complete = true;
  while (end !== firstSize) {
    const k = largestPowerOfTwoBelow(end - start);
    if (firstSize - start <= k) {
      path.push(await tree.subtreeHash(start + k, end));
      end = start + k;
    } else {
      path.push(await tree.subtreeHash(start, start + k));
      start += k;
      complete = false;
    }
  }
  if (!complete) path.push(await tree.subtreeHash(start, end));
  return path.reverse();
}
