/**
 * A bounds-checked big-endian cursor over a byte array. Every read checks the remaining
 * length first and throws the error the caller's codec chose, so each codec keeps its own
 * stable error codes while sharing one careful reader.
 */
export class ByteReader {
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  readonly #onTruncated: () => Error;
  #offset = 0;

  constructor(bytes: Uint8Array, onTruncated: () => Error) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#onTruncated = onTruncated;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.byteLength - this.#offset;
  }

  /** Throws the codec's truncation error unless `n` more bytes are available. */
  need(n: number): void {
    if (this.remaining < n) throw this.#onTruncated();
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  u16(): number {
    return this.#view.getUint16(this.#take(2));
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4));
  }

  u64(): bigint {
    return this.#view.getBigUint64(this.#take(8));
  }

  i64(): bigint {
    return this.#view.getBigInt64(this.#take(8));
  }

  /** A view (not a copy) of the next `n` bytes. */
  bytes(n: number): Uint8Array {
    const at = this.#take(n);
    return this.#bytes.subarray(at, at + n);
  }

  /** Claims the next `n` bytes (or throws the truncation error) and returns where they start. */
  #take(n: number): number {
    this.need(n);
    const at = this.#offset;
    this.#offset += n;
    return at;
  }
}
