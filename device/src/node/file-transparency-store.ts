import { isTransparencyState, type TransparencyState, type TransparencyStore } from '../transparency/transparency-store.ts';
import { readJsonFile, writeJsonFileAtomically } from './json-file.ts';

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
    await writeJsonFileAtomically(this.path, { v: 1, logs: { ...(await this.#readAll()), [this.server]: state } });
  }

  async #readAll(): Promise<Record<string, TransparencyState>> {
    const value = await readJsonFile(this.path);
    if (value === undefined) return {};
    const logs =
      typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 ? (value as { logs?: unknown }).logs : null;
    if (typeof logs !== 'object' || logs === null || !Object.values(logs).every(isTransparencyState))
      throw new Error(
        `${this.path} is damaged; it remembers which transparency log you follow, so restore it from a backup rather than delete it`,
      );
    return logs as Record<string, TransparencyState>;
  }
}
