/**
 * A fixed-size big-endian writer: the codec computes the exact length first, so the
 * writer never grows and a length mistake shows up as a RangeError in tests.
 */
export class ByteWriter {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.#view = new DataView(this.bytes.buffer);
  }

  get offset(): number {
    return this.#offset;
  }

  u8(value: number): this {
    this.#view.setUint8(this.#advance(1), value);
    return this;
  }

  u16(value: number): this {
    this.#view.setUint16(this.#advance(2), value);
    return this;
  }

  u32(value: number): this {
    this.#view.setUint32(this.#advance(4), value);
    return this;
  }

  u64(value: bigint): this {
    this.#view.setBigUint64(this.#advance(8), value);
    return this;
  }

  i64(value: bigint): this {
    this.#view.setBigInt64(this.#advance(8), value);
    return this;
  }

  raw(value: Uint8Array): this {
    this.bytes.set(value, this.#advance(value.byteLength));
    return this;
  }

  /** Moves past the next `n` bytes and returns where they start. */
  #advance(n: number): number {
    const at = this.#offset;
    this.#offset += n;
    return at;
  }

  /** Returns the buffer, checking that exactly every byte was written. */
  finish(): Uint8Array {
    if (this.#offset !== this.bytes.byteLength) {
      throw new RangeError(`ByteWriter wrote ${this.#offset} of ${this.bytes.byteLength} bytes`);
    }
    return this.bytes;
  }
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Constant-time-shaped equality of two byte arrays (no early exit on the first difference). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
