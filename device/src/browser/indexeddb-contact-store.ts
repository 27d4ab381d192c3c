import { readRecord, request, writeRecord } from './indexeddb-request.ts';
import { isContactList, type Contact, type ContactStore } from '../contacts/contact-store.ts';

/**
 * The page's verified contacts ([Note: verified contacts]), per API origin, in IndexedDB
 * (database `seccam-contacts`, object store `contacts`). Public data only (usernames and
 * certificate fingerprints), never a key. A damaged record is an error, never an empty list:
 * forgetting a contact would let a changed certificate of theirs be used without asking.
 */
export class IndexedDbContactStore implements ContactStore {
  readonly #database: Promise<IDBDatabase>;

  constructor(
    /** The API origin whose users these contacts are. */
    readonly server: string,
    databaseName = 'seccam-contacts',
  ) {
    this.#database = openDatabase(databaseName);
  }

  async load(): Promise<readonly Contact[]> {
    const value = await readRecord(this.#database, 'contacts', this.server);
    if (value === undefined) return [];
    if (!isContactList(value)) throw new Error('the record of the people you verified is damaged; verify them again before sharing');
    return value;
  }

  save(contacts: readonly Contact[]): Promise<void> {
    return writeRecord(this.#database, 'contacts', this.server, [...contacts]);
  }
}

function openDatabase(name: string): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => {
    if (!opening.result.objectStoreNames.contains('contacts')) opening.result.createObjectStore('contacts');
  };
  return request<IDBDatabase>(opening);
}
