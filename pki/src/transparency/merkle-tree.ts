import { PkiError } from '../pki-error.ts';
import { HashStore } from './hash-store.ts';
import { defaultSha256, emptyRootHash, hashChildren, hashLeaf, isMerkleHash, MERKLE_HASH_BYTES, type Sha256 } from './merkle-hash.ts';
import { consistencyPath, inclusionPath, type SubtreeHasher } from './proof-paths.ts';
import { assertTreeIndex, exponentOf, isPowerOfTwo, largestPowerOfTwoBelow } from './tree-size.ts';

// [Note: subtree cache]
// The tree keeps the leaf hashes and, level by level, the hash of every complete (power-of-two,
// aligned) subtree it has computed. Every subtree RFC 9162's recursion visits is either such a
// complete subtree, read from the cache, or the right edge of the tree, which splits into at
// most log2(n) complete ones. So after the first root of a tree of n leaves (n - 1 node hashes,
// computed once), a root, an inclusion proof or a consistency proof at any size costs
// O(log n) hashes. Complete subtrees never change in an append-only log, so cached values stay
// true forever and concurrent readers can only compute the same value twice, never a wrong one.

/**
 * An append-only Merkle tree in the shape of RFC 9162 §2.1 ([Note: log hashing]), for the log
 * server: roots, inclusion proofs and consistency proofs at any size up to the current one.
 *
 * Appending is synchronous and takes the leaf hash, so the order of entries is the order of the
 * `appendLeafHash` calls: hash an entry with {@link hashLeaf} (or use {@link MerkleTree.fromEntries})
 * and append in log order. Hashes handed out are copies.
 */
export class MerkleTree implements SubtreeHasher {
  readonly #sha256: Sha256;
  /** `#levels[h]` holds the complete subtrees of 2^h leaves; level 0 holds the leaf hashes. */
  readonly #levels: HashStore[] = [new HashStore()];
  #size = 0;

  /** @param sha256 SHA-256 provider ([Note: hash provider]; default WebCrypto) */
  constructor(sha256: Sha256 = defaultSha256) {
    this.#sha256 = sha256;
  }

  /** A tree of `entries` in order (their leaf hashes are computed here). */
  static async fromEntries(entries: Iterable<Uint8Array>, sha256: Sha256 = defaultSha256): Promise<MerkleTree> {
    const tree = new MerkleTree(sha256);
    const leafHashes = await Promise.all(Array.from(entries, (entry) => hashLeaf(entry, sha256)));
    for (const leafHash of leafHashes) tree.appendLeafHash(leafHash);
    return tree;
  }

  /** The number of leaves. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends the leaf hash of the next entry.
   * @returns the new leaf's index
   * @throws PkiError `INVALID_ARGUMENT` when `leafHash` is not 32 bytes
   */
  appendLeafHash(leafHash: Uint8Array): number {
    if (!isMerkleHash(leafHash)) throw new PkiError('INVALID_ARGUMENT', `a leaf hash is ${MERKLE_HASH_BYTES} bytes`);
    const index = this.#size;
    this.#leaves().set(index, leafHash);
    this.#size = index + 1;
    return index;
  }

  /**
   * The leaf hash at `leafIndex`.
   * @throws PkiError `INVALID_ARGUMENT` unless 0 ≤ leafIndex < size
   */
  leafHash(leafIndex: number): Uint8Array {
    this.#assertLeafIndex(leafIndex, this.#size);
    return this.#leafAt(leafIndex).slice();
  }

  /**
   * MTH(D[0:treeSize]), the root hash of the tree of the first `treeSize` entries.
   * @throws PkiError `INVALID_ARGUMENT` unless 0 ≤ treeSize ≤ size
   */
  async rootHash(treeSize: number = this.#size): Promise<Uint8Array> {
    this.#assertSize(treeSize, 'treeSize');
    if (treeSize === 0) return emptyRootHash(this.#sha256);
    return (await this.#rangeHash(0, treeSize)).slice();
  }

  /**
   * The inclusion proof (audit path) of leaf `leafIndex` in the tree of `treeSize` entries,
   * RFC 9162 §2.1.3.1: sibling hashes from the leaf up.
   * @throws PkiError `INVALID_ARGUMENT` unless 0 ≤ leafIndex < treeSize ≤ size
   */
  async inclusionProof(leafIndex: number, treeSize: number = this.#size): Promise<Uint8Array[]> {
    this.#assertSize(treeSize, 'treeSize');
    this.#assertLeafIndex(leafIndex, treeSize);
    return inclusionPath(this, leafIndex, treeSize);
  }

  /**
   * The consistency proof between the trees of `firstSize` and `secondSize` entries,
   * RFC 9162 §2.1.4.1. Empty when the sizes are equal. There is none from the empty tree
   * (everything extends it), so `firstSize` 0 is refused.
   * @throws PkiError `INVALID_ARGUMENT` unless 0 < firstSize ≤ secondSize ≤ size
   */
  async consistencyProof(firstSize: number, secondSize: number = this.#size): Promise<Uint8Array[]> {
    this.#assertSize(secondSize, 'secondSize');
    assertTreeIndex(firstSize, 'firstSize');
    if (firstSize === 0 || firstSize > secondSize) {
      throw new PkiError('INVALID_ARGUMENT', `firstSize must be from 1 to secondSize (${secondSize}), got ${firstSize}`);
    }
    return consistencyPath(this, firstSize, secondSize);
  }

  /**
   * MTH(D[start:end]) for a range RFC 9162's recursion visits: non-empty, within the tree, and
   * `start` a multiple of the smallest power of two ≥ end - start ([Note: subtree cache]).
   * @throws PkiError `INVALID_ARGUMENT` for any other range
   */
  async subtreeHash(start: number, end: number): Promise<Uint8Array> {
    this.#assertSize(end, 'end');
    assertTreeIndex(start, 'start');
    let span = 1;
    while (span < end - start) span *= 2;
    if (start >= end || start % span !== 0) {
      throw new PkiError('INVALID_ARGUMENT', `[${start}, ${end}) is not a subtree of an RFC 9162 tree`);
    }
    return (await this.#rangeHash(start, end)).slice();
  }

  /** MTH(D[start:end]) of a checked range; a view into the cache when the subtree is complete. */
  async #rangeHash(start: number, end: number): Promise<Uint8Array> {
    const width = end - start;
    if (isPowerOfTwo(width)) return this.#completeSubtree(exponentOf(width), start / width);
    const k = largestPowerOfTwoBelow(width);
    const left = await this.#rangeHash(start, start + k);
    const right = await this.#rangeHash(start + k, end);
    return hashChildren(left, right, this.#sha256);
  }

  /** The hash of the complete subtree `index` at `level` (2^level leaves), cached. */
  async #completeSubtree(level: number, index: number): Promise<Uint8Array> {
    if (level === 0) return this.#leafAt(index);
    const store = this.#level(level);
    const cached = store.get(index);
    if (cached !== undefined) return cached;
    const left = await this.#completeSubtree(level - 1, 2 * index);
    const right = await this.#completeSubtree(level - 1, 2 * index + 1);
    const hash = await hashChildren(left, right, this.#sha256);
    store.set(index, hash);
    return hash;
  }

  #level(level: number): HashStore {
    while (this.#levels.length <= level) this.#levels.push(new HashStore());
    return this.#levels[level] as HashStore;
  }

  #leaves(): HashStore {
    return this.#levels[0] as HashStore;
  }

  #leafAt(index: number): Uint8Array {
    const hash = this.#leaves().get(index);
    if (hash === undefined) throw new Error(`leaf ${index} missing from a tree of ${this.#size}`);
    return hash;
  }

  #assertSize(treeSize: number, name: string): void {
    assertTreeIndex(treeSize, name);
    if (treeSize > this.#size) throw new PkiError('INVALID_ARGUMENT', `${name} ${treeSize} exceeds the tree size ${this.#size}`);
  }

  #assertLeafIndex(leafIndex: number, treeSize: number): void {
    assertTreeIndex(leafIndex, 'leafIndex');
    if (leafIndex >= treeSize) throw new PkiError('INVALID_ARGUMENT', `leafIndex ${leafIndex} is not below the tree size ${treeSize}`);
  }
}
