/**
 * Test support for the IndexedDB test entries (runs in Chromium): the database as it is, past
 * the stores, to read what they wrote or write what they did not (a damaged or older record).
 */
import { request, transactionDone } from './indexeddb-request.ts';

/** Opens database `name` (at `version`, with `upgrade` for a new one), without any store's checks. */
export function openRaw(name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, version);
  opening.onupgradeneeded = () => upgrade?.(opening.result);
  return request<IDBDatabase>(opening);
}

/** Puts `value` under `key` in object store `storeName` of `db`, waits for the commit, and closes `db`. */
export async function putRaw(db: IDBDatabase, storeName: string, value: unknown, key: IDBValidKey): Promise<void> {
  const transaction = db.transaction(storeName, 'readwrite');
  transaction.objectStore(storeName).put(value, key);
  await transactionDone(transaction);
  db.close();
}
