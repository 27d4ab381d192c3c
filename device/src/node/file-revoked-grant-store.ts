import { isGrantIdList, type RevokedGrantStore } from '../sharing/revoked-grants.ts';
import { readStateField, writeStateField } from './json-file.ts';

/**
 * The CLI's record of the grants its driver revoked ([Note: a revocation the client keeps]), in
 * `revoked-grants.json` beside the session file. A file that does not parse is an error, never
 * an empty record: forgetting a revocation would wrap keys to that dispatcher again.
 */
export class FileRevokedGrantStore implements RevokedGrantStore {
  constructor(readonly path: string) {}

  async load(): Promise<readonly string[]> {
    return (await readStateField(this.path, 'grants', isGrantIdList, 'it lists the grants you revoked')) ?? [];
  }

  async save(grantIds: readonly string[]): Promise<void> {
    await writeStateField(this.path, 'grants', grantIds);
  }
}
