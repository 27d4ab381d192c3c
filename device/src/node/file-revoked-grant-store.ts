import { isGrantIdList, type RevokedGrantStore } from '../sharing/revoked-grants.ts';
import { readJsonFile, writeJsonFileAtomically } from './json-file.ts';

/**
 * The CLI's record of the grants its driver revoked ([Note: a revocation the client keeps]), in
 * `revoked-grants.json` beside the session file. A file that does not parse is an error, never
 * an empty record: forgetting a revocation would wrap keys to that dispatcher again.
 */
export class FileRevokedGrantStore implements RevokedGrantStore {
  constructor(readonly path: string) {}

  async load(): Promise<readonly string[]> {
    const value = await readJsonFile(this.path);
    if (value === undefined) return [];
    const ids =
      typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 ? (value as { grants?: unknown }).grants : null;
    if (!isGrantIdList(ids))
      throw new Error(`${this.path} is damaged; it lists the grants you revoked, so restore it from a backup rather than delete it`);
    return ids;
  }

  async save(grantIds: readonly string[]): Promise<void> {
    await writeJsonFileAtomically(this.path, { v: 1, grants: grantIds });
  }
}
