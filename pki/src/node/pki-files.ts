import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PkiError } from '../pki-error.ts';

/**
 * File primitives of the on-disk CA store: atomic writes with explicit modes, optional
 * reads and a directory lock.
 *
 * [Note: atomic PKI files]
 * Every file is written to a temporary name in the same directory with its final mode
 * (0600 for keys, 0644 for certificates) and then renamed over the target, so a crash
 * never leaves a half-written PEM and a key is never readable by others, not even briefly.
 * Keys are written before their certificate: a crash in between leaves a certificate that
 * does not match its key, which the next start detects and repairs (service certificates)
 * or reports (CA certificates).
 */

/** File mode of private keys. */
export const KEY_MODE = 0o600;
/** File mode of certificates. */
export const CERT_MODE = 0o644;

/** Writes `text` to `path` atomically with `mode` ([Note: atomic PKI files]). */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${globalThis.crypto.randomUUID()}.tmp`);
  try {
    await writeFile(temporary, text, { mode, flag: 'wx' });
    await chmod(temporary, mode); // the umask may have narrowed or the FS widened it
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw cause;
  }
}

/** The file's text, or `null` when it does not exist. */
export async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw cause;
  }
}

/**
 * Creates `dir` (and parents) with `mode`. With `tighten`, an existing directory whose mode
 * grants more than `mode` is narrowed to it (never widened: an operator's stricter choice stays).
 */
export async function ensureDir(dir: string, mode: number, tighten = false): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  if (!tighten) return;
  const current = (await stat(dir)).mode & 0o777;
  if ((current & ~mode) !== 0) await chmod(dir, current & mode);
}

/**
 * Narrows a private key file that others can read to {@link KEY_MODE}.
 * @returns true when the mode was changed
 */
export async function tightenKeyMode(path: string): Promise<boolean> {
  const current = await stat(path).then(
    (s) => s.mode & 0o777,
    () => null,
  );
  if (current === null || (current & ~KEY_MODE) === 0) return false;
  await chmod(path, KEY_MODE);
  return true;
}

const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 60_000;

/**
 * Runs `task` while holding `<dir>/.lock` (an exclusive directory, atomic on every local FS),
 * so two processes bootstrapping the same store at once do not make two CAs. A lock older
 * than two minutes is taken to belong to a crashed process and removed.
 * @throws PkiError `PKI_STORE_INVALID` when the lock cannot be had within a minute
 */
export async function withDirLock<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new PkiError('PKI_STORE_INVALID', `PKI store ${dir} is locked (${lock})`);
      else await sleep(100);
    }
  }
  try {
    return await task();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
