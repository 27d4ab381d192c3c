import { MemoryFrameStore, type FrameStore } from './frame-store.ts';
import { StreamingError } from './streaming-error.ts';

/**
 * The offline buffer: every sealed frame the server has not acknowledged yet, in seq order
 * and byte for byte as sealed. A dashcam loses signal; these bytes are resent after a
 * reconnect, never resealed (resealing other content at a seq would reuse a nonce,
 * docs/PROTOCOL.md §3). Bounded by `maxBytes` so a long outage fails loudly instead of
 * exhausting memory. The frames themselves live in a {@link FrameStore} (memory by default).
 */
export class UnackedFrames {
  readonly #store: FrameStore;
  /** Byte length per kept seq, so trimming never reads a frame back from the store. */
  readonly #lengths = new Map<number, number>();
  #count = 0;
  #bytes = 0;
  #firstSeq: number | null = null;
  #lastSeq: number | null = null;

  constructor(
    readonly maxBytes: number,
    store: FrameStore = new MemoryFrameStore(),
  ) {
    if (!(maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#store = store;
    for (const { seq, byteLength } of store.restored?.() ?? []) this.#keep(seq, byteLength);
  }

  get count(): number {
    return this.#count;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Lowest kept seq, or null when empty. */
  get firstSeq(): number | null {
    return this.#firstSeq;
  }

  /** Highest kept seq, or null when empty. */
  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  hasRoomFor(byteLength: number): boolean {
    return this.#bytes + byteLength <= this.maxBytes;
  }

  /** @throws StreamingError `BUFFER_FULL` unless a frame of `byteLength` bytes fits now */
  ensureRoomFor(byteLength: number): void {
    if (this.hasRoomFor(byteLength)) return;
    throw new StreamingError(
      'BUFFER_FULL',
      `the offline buffer is full: ${this.count} unacknowledged frames hold ${this.#bytes} bytes and the limit is ${this.maxBytes}; ` +
        'the server has not acknowledged them (no connection?). Raise the buffer limit or restore the connection.',
    );
  }

  get(seq: number): Uint8Array | undefined {
    if (this.#firstSeq === null || this.#lastSeq === null || seq < this.#firstSeq || seq > this.#lastSeq) return undefined;
    return this.#store.get(seq);
  }

  /**
   * Keeps a frame. Seqs must be consecutive.
   * @throws StreamingError `BUFFER_FULL` when the frame does not fit, `INVALID_ARGUMENT` out of order
   */
  add(seq: number, frameBytes: Uint8Array): void {
    if (this.#lastSeq !== null && seq !== this.#lastSeq + 1) {
      throw new StreamingError('INVALID_ARGUMENT', `frame seq ${seq} does not follow the buffered seq ${this.#lastSeq}`);
    }
    this.ensureRoomFor(frameBytes.byteLength);
    this.#store.put(seq, frameBytes);
    this.#keep(seq, frameBytes.byteLength);
  }

  #keep(seq: number, byteLength: number): void {
    if (this.#lastSeq !== null && seq !== this.#lastSeq + 1) {
      throw new StreamingError('INVALID_ARGUMENT', `the frame store holds seq ${seq} after seq ${this.#lastSeq}: not consecutive`);
    }
    this.#lengths.set(seq, byteLength);
    this.#count += 1;
    this.#bytes += byteLength;
    this.#firstSeq ??= seq;
    this.#lastSeq = seq;
  }

  /** Forgets every frame with seq ≤ `seq` (they are stored). Returns how many were dropped. */
  dropThrough(seq: number): number {
    let dropped = 0;
    while (this.#firstSeq !== null && this.#firstSeq <= seq) {
      this.#store.delete(this.#firstSeq);
      this.#count -= 1;
      this.#bytes -= this.#lengths.get(this.#firstSeq) ?? 0;
      this.#lengths.delete(this.#firstSeq);
      dropped += 1;
      this.#firstSeq = this.#firstSeq === this.#lastSeq ? null : this.#firstSeq + 1;
    }
    if (this.#firstSeq === null) this.#lastSeq = null;
    return dropped;
  }
}
