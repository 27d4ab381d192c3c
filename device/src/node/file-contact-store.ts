import { isContactList, type Contact, type ContactStore } from '../contacts/contact-store.ts';
import { readStateField, writeStateField } from './json-file.ts';

/**
 * The CLI's verified contacts ([Note: verified contacts]), in `contacts.json` beside the
 * session file. A file that does not parse is an error, never an empty list: forgetting a
 * contact would let a changed certificate of theirs be used without asking.
 */
export class FileContactStore implements ContactStore {
  constructor(readonly path: string) {}

  async load(): Promise<readonly Contact[]> {
    return (await readStateField(this.path, 'contacts', isContactList, 'it lists the people you verified')) ?? [];
  }

  async save(contacts: readonly Contact[]): Promise<void> {
    await writeStateField(this.path, 'contacts', contacts);
  }
}
