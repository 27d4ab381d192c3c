/** IndexedDB's callbacks as promises, and one record per key, for the browser stores (frames, transparency, contacts). */

/** Settles with the request's result (as the caller knows it to be: IndexedDB returns `any`) or its error. */
export function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result as T);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** Settles when the transaction commits, or with the reason it aborted. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onerror = tx.onabort = () => {
      reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    };
  });
}

/** The record stored under `key` in object store `storeName`, or undefined; unchecked (the caller validates it). */
export async function readRecord(database: Promise<IDBDatabase>, storeName: string, key: IDBValidKey): Promise<unknown> {
  return request<unknown>((await database).transaction(storeName, 'readonly').objectStore(storeName).get(key));
}

/** Puts `value` under `key` in object store `storeName`; settles once the transaction durably committed. */
export async function writeRecord(database: Promise<IDBDatabase>, storeName: string, key: IDBValidKey, value: unknown): Promise<void> {
  const transaction = (await database).transaction(storeName, 'readwrite', { durability: 'strict' });
  transaction.objectStore(storeName).put(value, key);
  await transactionDone(transaction);
}

/** Opens database `name` at `version`, creating whichever of `storeNames` it lacks (a newer version only adds stores). */
export function openDatabase(name: string, version: number, storeNames: readonly string[]): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, version);
  opening.onupgradeneeded = () => {
    for (const storeName of storeNames)
      if (!opening.result.objectStoreNames.contains(storeName)) opening.result.createObjectStore(storeName);
  };
  return request<IDBDatabase>(opening);
}

/** What one {@link ServerRecordStore} keeps: its object store, the check its record must pass, and its value when absent. */
export interface ServerRecordKind<T, Absent> {
  readonly storeName: string;
  readonly isValid: (value: unknown) => value is T;
  /** The value before anything was saved. */
  readonly absent: Absent;
  /** The error a record failing `isValid` is refused with. */
  readonly damaged: string;
}

/**
 * One record per API origin (the key) in one object store. A damaged record is an error, never
 * the absent value: each store's record is one the client must not silently forget.
 */
export class ServerRecordStore<T, Absent = T> {
  readonly #database: Promise<IDBDatabase>;
  readonly #kind: ServerRecordKind<T, Absent>;

  constructor(
    /** The API origin this record belongs to. */
    readonly server: string,
    database: Promise<IDBDatabase>,
    kind: ServerRecordKind<T, Absent>,
  ) {
    this.#database = database;
    this.#kind = kind;
  }

  async load(): Promise<T | Absent> {
    const value = await readRecord(this.#database, this.#kind.storeName, this.server);
    if (value === undefined) return this.#kind.absent;
    if (!this.#kind.isValid(value)) throw new Error(this.#kind.damaged);
    return value;
  }

  save(value: T): Promise<void> {
    return writeRecord(this.#database, this.#kind.storeName, this.server, value);
  }
}
