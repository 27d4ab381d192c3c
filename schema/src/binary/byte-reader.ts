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
    this.need(1);
    const value = this.#view.getUint8(this.#offset);
    this.#offset += 1;
    return value;
  }

  u16(): number {
    this.need(2);
    const value = this.#view.getUint16(this.#offset);
    this.#offset += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return value;
  }

  u64(): bigint {
    this.need(8);
    const value = this.#view.getBigUint64(this.#offset);
    this.#offset += 8;
    return value;
  }

  i64(): bigint {
    this.need(8);
    const value = this.#view.getBigInt64(this.#offset);
    this.#offset += 8;
    return value;
  }

  /** A view (not a copy) of the next `n` bytes. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const view = this.#bytes.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return view;
  }
}
