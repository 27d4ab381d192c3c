import { readRecord, request, writeRecord } from './indexeddb-request.ts';
import { isTransparencyState, type TransparencyState, type TransparencyStore } from '../transparency/transparency-store.ts';
import { isGrantIdList, type RevokedGrantStore } from '../sharing/revoked-grants.ts';

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
    const value = await readRecord(this.#database, 'logs', this.server);
    if (value === undefined) return null;
    if (!isTransparencyState(value))
      throw new Error('the remembered transparency log state is damaged; clear the site data only if you trust this server');
    return value;
  }

  save(state: TransparencyState): Promise<void> {
    return writeRecord(this.#database, 'logs', this.server, state);
  }
}

/**
 * The page's record of the grants its driver revoked ([Note: a revocation the client keeps]),
 * per API origin, in the same database (object store `revoked-grants`). A damaged record is an
 * error, never an empty list: forgetting a revocation would wrap keys to that dispatcher again.
 */
export class IndexedDbRevokedGrantStore implements RevokedGrantStore {
  readonly #database: Promise<IDBDatabase>;

  constructor(
    readonly server: string,
    databaseName = 'seccam-transparency',
  ) {
    this.#database = openDatabase(databaseName);
  }

  async load(): Promise<readonly string[]> {
    const value = await readRecord(this.#database, 'revoked-grants', this.server);
    if (value === undefined) return [];
    if (!isGrantIdList(value)) throw new Error('the record of the grants you revoked is damaged; revoke them again before sharing keys');
    return value;
  }

  save(grantIds: readonly string[]): Promise<void> {
    return writeRecord(this.#database, 'revoked-grants', this.server, [...grantIds]);
  }
}

// Version 1 held `logs`; version 2 adds `revoked-grants`.
function openDatabase(name: string): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, 2);
  opening.onupgradeneeded = () => {
    const names = opening.result.objectStoreNames;
    if (!names.contains('logs')) opening.result.createObjectStore('logs');
    if (!names.contains('revoked-grants')) opening.result.createObjectStore('revoked-grants');
  };
  return request<IDBDatabase>(opening);
}
