import { request, transactionDone } from './indexeddb-request.ts';
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
    await transactionDone(transaction);
  }
}

function openDatabase(name: string): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore('logs');
  };
  return request<IDBDatabase>(opening);
}
