/**
 * Where the offline buffer ({@link UnackedFrames}) keeps sealed frames, by seq.
 *
 * [Note: a synchronous frame store]
 * The ingest client reads the next frame the moment its socket has room, and a frame must be
 * kept before its seq is used, so the store answers synchronously. A persistent store (IndexedDB
 * in a browser, so a reload does not lose unacked video) keeps its frames in memory as well,
 * writes through in the background, and is loaded before the client starts.
 */
export interface FrameStore {
  put(seq: number, frameBytes: Uint8Array): void;
  get(seq: number): Uint8Array | undefined;
  delete(seq: number): void;
}

/** The default store: frames in memory only, gone with the process or the page. */
export class MemoryFrameStore implements FrameStore {
  readonly #frames = new Map<number, Uint8Array>();

  put(seq: number, frameBytes: Uint8Array): void {
    this.#frames.set(seq, frameBytes);
  }

  get(seq: number): Uint8Array | undefined {
    return this.#frames.get(seq);
  }

  delete(seq: number): void {
    this.#frames.delete(seq);
  }
}
