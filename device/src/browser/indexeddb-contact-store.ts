import { openDatabase, ServerRecordStore } from './indexeddb-request.ts';
import { isContactList, type Contact, type ContactStore } from '../contacts/contact-store.ts';

/**
 * The page's verified contacts ([Note: verified contacts]), per API origin, in IndexedDB
 * (database `seccam-contacts`, object store `contacts`). Public data only (usernames and
 * certificate fingerprints), never a key. A damaged record is an error, never an empty list:
 * forgetting a contact would let a changed certificate of theirs be used without asking.
 */
export class IndexedDbContactStore extends ServerRecordStore<readonly Contact[]> implements ContactStore {
  constructor(
    /** The API origin whose users these contacts are. */
    server: string,
    databaseName = 'seccam-contacts',
  ) {
    super(server, openDatabase(databaseName, 1, ['contacts']), {
      storeName: 'contacts',
      isValid: isContactList,
      absent: [],
      damaged: 'the record of the people you verified is damaged; verify them again before sharing',
    });
  }
}
