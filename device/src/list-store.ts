/**
 * Where a client keeps one list of public records (no key), read and written whole: its verified
 * contacts, the ids of grants its driver revoked. The CLI keeps each in a file beside its session,
 * a browser in IndexedDB.
 */
export interface ListStore<T> {
  load(): Promise<readonly T[]>;
  save(items: readonly T[]): Promise<void>;
}

/** Remembers for this process only (the stores' default). */
export class MemoryListStore<T> implements ListStore<T> {
  #items: readonly T[] = [];

  load(): Promise<readonly T[]> {
    return Promise.resolve(this.#items);
  }

  save(items: readonly T[]): Promise<void> {
    this.#items = [...items];
    return Promise.resolve();
  }
}
