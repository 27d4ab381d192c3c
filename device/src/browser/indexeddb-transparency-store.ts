import { isTransparencyState, type TransparencyState, type TransparencyStore } from '../transparency/transparency-store.ts';

/**
 * The browser's memory of the transparency log it follows ([Note: following the log]): the
 * pinned log key id and the newest tree head accepted, per API origin, in IndexedDB (database
 * `seccam-transparency`, object store `logs`). Public data only — never a key. A damaged record
 * is an error, never a silent fresh start (which would forget the pin).
 */
export class IndexedDbTransparencyStore implements TransparencyStore {
  readonly #database: Promise<IDBDatabase>;

  constructor(
    /** The API origin whose log this store remembers. */
    readonly server: string,
    databaseName = 'seccam-transparency',
  ) {
    this.#database = openDatabase(databaseName);
  }

  async load(): Promise<TransparencyState | null> {
    const value = await request<unknown>((await this.#database).transaction('logs', 'readonly').objectStore('logs').get(this.server));
    if (value === undefined) return null;
    if (!isTransparencyState(value))
      throw new Error('the remembered transparency log state is damaged; clear the site data only if you trust this server');
    return value;
  }

  async save(state: TransparencyState): Promise<void> {
    const transaction = (await this.#database).transaction('logs', 'readwrite', { durability: 'strict' });
    transaction.objectStore('logs').put(state, this.server);
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => {
        resolve();
      };
      transaction.onerror = transaction.onabort = () => {
        reject(transaction.error ?? new Error('the transparency state was not saved'));
      };
    });
  }
}

function openDatabase(name: string): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore('logs');
  };
  return request(opening);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}
