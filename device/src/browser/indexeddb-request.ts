/** IndexedDB's callbacks as promises, and one record per key, for the browser stores (frames, transparency). */

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
