/**
 * Test support: runs in Chromium (bundled by indexeddb-contact-store.test.ts). Each export is one
 * step the test drives through `page.evaluate`; a reload between steps is a real page reload.
 */
import type { Contact } from '../contacts/contact-store.ts';
import { IndexedDbContactStore } from './indexeddb-contact-store.ts';
import { openRaw, putRaw } from './indexeddb-raw.test-support.ts';

const DATABASE = 'test-contacts';

export async function save(input: { server: string; contacts: Contact[] }): Promise<true> {
  await new IndexedDbContactStore(input.server, DATABASE).save(input.contacts);
  return true;
}

export function load(input: { server: string }): Promise<readonly Contact[] | string> {
  return new IndexedDbContactStore(input.server, DATABASE).load().catch((error: unknown) => `error: ${String(error)}`);
}

/** Writes a record the store did not write (a damaged or edited one). */
export async function damage(input: { server: string; value: unknown }): Promise<true> {
  await new IndexedDbContactStore(input.server, DATABASE).load(); // creates the object store
  await putRaw(await openRaw(DATABASE), 'contacts', input.value, input.server);
  return true;
}
