import { isContactList, type Contact, type ContactStore } from '../contacts/contact-store.ts';
import { readJsonFile, writeJsonFileAtomically } from './json-file.ts';

/**
 * The CLI's verified contacts ([Note: verified contacts]), in `contacts.json` beside the
 * session file. A file that does not parse is an error, never an empty list: forgetting a
 * contact would let a changed certificate of theirs be used without asking.
 */
export class FileContactStore implements ContactStore {
  constructor(readonly path: string) {}

  async load(): Promise<readonly Contact[]> {
    const value = await readJsonFile(this.path);
    if (value === undefined) return [];
    const contacts =
      typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 ? (value as { contacts?: unknown }).contacts : null;
    if (!isContactList(contacts))
      throw new Error(`${this.path} is damaged; it lists the people you verified, so restore it from a backup rather than delete it`);
    return contacts;
  }

  async save(contacts: readonly Contact[]): Promise<void> {
    await writeJsonFileAtomically(this.path, { v: 1, contacts });
  }
}
