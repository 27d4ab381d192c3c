/**
 * Where the offline buffer ({@link UnackedFrames}) keeps sealed frames, by seq.
 *
 * [Note: a synchronous frame store]
 * The ingest client reads the next frame the moment its socket has room, and a frame must be
 * kept before its seq is used, so the store answers synchronously. A persistent store (IndexedDB
 * in a browser, so a reload does not lose unacked video) keeps its frames in memory as well,
 * writes through in the background, and is loaded before the client starts. The Node disk store
 * (`@seccam/device/node` `DiskFrameStore`) writes each frame durably inside `put` and reads it
 * back from disk in `get`.
 *
 * [Note: a store that outlives the process]
 * A persistent store may already hold frames when the client starts (a crash, a restart):
 * `restored()` lists them, consecutive and in seq order, and the offline buffer takes them over
 * as unacked frames. They are resent from the server's `resume` on, and the recorder continues
 * the chain after the newest of them instead of the server's head.
 */
export interface FrameStore {
  put(seq: number, frameBytes: Uint8Array): void;
  get(seq: number): Uint8Array | undefined;
  delete(seq: number): void;
  /** Frames held from before this process ([Note: a store that outlives the process]); none if absent. */
  restored?(): readonly StoredFrameInfo[];
}

/** A frame a persistent store already holds: its seq and size. */
export interface StoredFrameInfo {
  readonly seq: number;
  readonly byteLength: number;
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
