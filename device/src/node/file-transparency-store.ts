import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isTransparencyState, type TransparencyState, type TransparencyStore } from '../transparency/transparency-store.ts';

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
    const all = { ...(await this.#readAll()), [this.server]: state };
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ v: 1, logs: all }, null, 2)}\n`, { mode: 0o644 });
    await rename(temporary, this.path);
  }

  async #readAll(): Promise<Record<string, TransparencyState>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = null;
    }
    const logs =
      typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 ? (value as { logs?: unknown }).logs : null;
    if (typeof logs !== 'object' || logs === null || !Object.values(logs).every(isTransparencyState))
      throw new Error(
        `${this.path} is damaged; it remembers which transparency log you follow, so restore it from a backup rather than delete it`,
      );
    return logs as Record<string, TransparencyState>;
  }
}
