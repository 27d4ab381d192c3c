import { isTransparencyState, type TransparencyState, type TransparencyStore } from '../transparency/transparency-store.ts';
import { readStateField, writeStateField } from './json-file.ts';

/**
 * The CLI's memory of the transparency log ([Note: following the log]): for each server, the
 * pinned log key id and the newest tree head accepted, in one JSON file beside the session file
 * (`transparency.json`). Public data only, so mode 0644; written atomically (temporary file +
 * rename). A file that does not parse is an error, never a silent fresh start: a fresh start
 * would forget the pin and the head, which is what an attacker wants.
 */
export class FileTransparencyStore implements TransparencyStore {
  constructor(
    readonly path: string,
    /** The server (API origin) whose log this store remembers. */
    readonly server: string,
  ) {}

  async load(): Promise<TransparencyState | null> {
    return (await this.#readAll())[this.server] ?? null;
  }

  async save(state: TransparencyState): Promise<void> {
    await writeStateField(this.path, 'logs', { ...(await this.#readAll()), [this.server]: state });
  }

  async #readAll(): Promise<Record<string, TransparencyState>> {
    return (await readStateField(this.path, 'logs', isLogList, 'it remembers which transparency log you follow')) ?? {};
  }
}

/** Each server's remembered log, by API origin. */
function isLogList(value: unknown): value is Record<string, TransparencyState> {
  return typeof value === 'object' && value !== null && Object.values(value).every(isTransparencyState);
}
