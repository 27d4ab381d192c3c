/** The newest tree head a client accepted, as the log signed it (public data). */
export interface RememberedTreeHead {
  readonly treeSize: number;
  readonly rootHashB64: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly timestamp: string;
  readonly signatureB64: string;
}

/** What a client keeps about the log it follows: the pinned log key id and the newest head it accepted. */
export interface TransparencyState {
  readonly logIdHex: string;
  readonly head: RememberedTreeHead;
}

/**
 * Keeps a {@link TransparencyState} between sessions: a file beside the CLI's session
 * (`FileTransparencyStore` in @seccam/device/node), IndexedDB in the browser. It holds public
 * data only, never a key.
 */
export interface TransparencyStore {
  load(): Promise<TransparencyState | null>;
  save(state: TransparencyState): Promise<void>;
}

/** A store for this process only: forks between sessions go unseen, so persist where you can. */
export class MemoryTransparencyStore implements TransparencyStore {
  #state: TransparencyState | null = null;

  load(): Promise<TransparencyState | null> {
    return Promise.resolve(this.#state);
  }

  save(state: TransparencyState): Promise<void> {
    this.#state = state;
    return Promise.resolve();
  }
}

/** True for a well-formed {@link TransparencyState} read back from storage (which may be damaged or edited). */
export function isTransparencyState(value: unknown): value is TransparencyState {
  if (typeof value !== 'object' || value === null) return false;
  const { logIdHex, head } = value as { logIdHex?: unknown; head?: unknown };
  if (typeof logIdHex !== 'string' || !/^[0-9a-f]{64}$/.test(logIdHex) || typeof head !== 'object' || head === null) return false;
  const h = head as Partial<Record<keyof RememberedTreeHead, unknown>>;
  return (
    typeof h.treeSize === 'number' &&
    Number.isSafeInteger(h.treeSize) &&
    h.treeSize >= 0 &&
    typeof h.rootHashB64 === 'string' &&
    typeof h.timestamp === 'string' &&
    typeof h.signatureB64 === 'string'
  );
}
