import { openDatabase, ServerRecordStore } from './indexeddb-request.ts';
import { isTransparencyState, type TransparencyState, type TransparencyStore } from '../transparency/transparency-store.ts';
import { isGrantIdList, type RevokedGrantStore } from '../sharing/revoked-grants.ts';

/** Version 1 held `logs`; version 2 adds `revoked-grants`. */
function openTransparencyDatabase(name: string): Promise<IDBDatabase> {
  return openDatabase(name, 2, ['logs', 'revoked-grants']);
}

/**
 * The browser's memory of the transparency log it follows ([Note: following the log]): the
 * pinned log key id and the newest tree head accepted, per API origin, in IndexedDB (database
 * `seccam-transparency`, object store `logs`). Public data only — never a key. A damaged record
 * is an error, never a silent fresh start (which would forget the pin).
 */
export class IndexedDbTransparencyStore extends ServerRecordStore<TransparencyState, null> implements TransparencyStore {
  constructor(
    /** The API origin whose log this store remembers. */
    server: string,
    databaseName = 'seccam-transparency',
  ) {
    super(server, openTransparencyDatabase(databaseName), {
      storeName: 'logs',
      isValid: isTransparencyState,
      absent: null,
      damaged: 'the remembered transparency log state is damaged; clear the site data only if you trust this server',
    });
  }
}

/**
 * The page's record of the grants its driver revoked ([Note: a revocation the client keeps]),
 * per API origin, in the same database (object store `revoked-grants`). A damaged record is an
 * error, never an empty list: forgetting a revocation would wrap keys to that dispatcher again.
 */
export class IndexedDbRevokedGrantStore extends ServerRecordStore<readonly string[]> implements RevokedGrantStore {
  constructor(server: string, databaseName = 'seccam-transparency') {
    super(server, openTransparencyDatabase(databaseName), {
      storeName: 'revoked-grants',
      isValid: isGrantIdList,
      absent: [],
      damaged: 'the record of the grants you revoked is damaged; revoke them again before sharing keys',
    });
  }
}
