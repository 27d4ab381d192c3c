import { MERKLE_HASH_BYTES } from './merkle-hash.ts';

const INITIAL_CAPACITY = 64;

/**
 * An array of 32-byte hashes in one growing buffer, with a flag per slot telling whether it was
 * written. One buffer instead of an object per hash keeps 100 000 leaves at ~3 MiB.
 *
 * Slots are written once with a value that depends only on the (immutable) log entries under
 * them, so two computations racing for the same slot write the same bytes. `get` returns a view
 * into the buffer: callers copy before handing a hash out.
 */
export class HashStore {
  #bytes = new Uint8Array(INITIAL_CAPACITY * MERKLE_HASH_BYTES);
  #written = new Uint8Array(INITIAL_CAPACITY);

  /** The hash in slot `index`, or undefined when that slot was never written. */
  get(index: number): Uint8Array | undefined {
    if (index >= this.#written.length || this.#written[index] !== 1) return undefined;
    return this.#bytes.subarray(index * MERKLE_HASH_BYTES, (index + 1) * MERKLE_HASH_BYTES);
  }

  /** Writes `hash` (32 bytes) into slot `index`, growing the buffer as needed. */
  set(index: number, hash: Uint8Array): void {
    if (index >= this.#written.length) this.#grow(index + 1);
    this.#bytes.set(hash, index * MERKLE_HASH_BYTES);
    this.#written[index] = 1;
  }

  #grow(minimum: number): void {
    let capacity = this.#written.length;
    while (capacity < minimum) capacity *= 2;
    const bytes = new Uint8Array(capacity * MERKLE_HASH_BYTES);
    bytes.set(this.#bytes);
    const written = new Uint8Array(capacity);
    written.set(this.#written);
    this.#bytes = bytes;
    this.#written = written;
  }
}
