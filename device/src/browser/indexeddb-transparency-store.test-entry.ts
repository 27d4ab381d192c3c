/**
 * Test support: runs in Chromium (bundled by indexeddb-transparency-store.test.ts). Each export is
 * one step the test drives through `page.evaluate`; a reload between steps is a real page reload.
 */
import type { TransparencyState } from '../transparency/transparency-store.ts';
import { IndexedDbTransparencyStore } from './indexeddb-transparency-store.ts';

export async function save(input: { server: string; state: TransparencyState }): Promise<true> {
  await new IndexedDbTransparencyStore(input.server, 'test-transparency').save(input.state);
  return true;
}

export async function load(input: { server: string }): Promise<TransparencyState | null> {
  return new IndexedDbTransparencyStore(input.server, 'test-transparency').load();
}

/** Writes a record the store did not write (a damaged or edited one). */
export async function damage(input: { server: string }): Promise<true> {
  await new IndexedDbTransparencyStore(input.server, 'test-transparency').load(); // creates the object store
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open('test-transparency', 1);
    opening.onsuccess = () => {
      resolve(opening.result);
    };
    opening.onerror = () => {
      reject(opening.error ?? new Error('open failed'));
    };
  });
  const transaction = db.transaction('logs', 'readwrite');
  transaction.objectStore('logs').put({ logIdHex: 'not hex', head: null }, input.server);
  await new Promise((resolve) => (transaction.oncomplete = resolve));
  db.close();
  return true;
}

/** The error message `load` fails with, or null. */
export async function loadError(input: { server: string }): Promise<string | null> {
  return load(input).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}
