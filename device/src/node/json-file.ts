import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The text of file `path`, or `undefined` when it does not exist. */
export async function readTextFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A state file of the CLI as JSON: `undefined` when it does not exist, `null` when it does not parse. */
async function readJsonFile(path: string): Promise<unknown> {
  const text = await readTextFileIfExists(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Field `field` of a public state file `{ "v": 1, "<field>": … }`, or `undefined` when the file
 * does not exist. A file that does not parse, is of another version or whose field fails
 * `isValid` is an error, never a fresh start: `holds` says what it would forget.
 */
export async function readStateField<T>(
  path: string,
  field: string,
  isValid: (value: unknown) => value is T,
  holds: string,
): Promise<T | undefined> {
  const value = await readJsonFile(path);
  if (value === undefined) return undefined;
  const content =
    typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 ? (value as Record<string, unknown>)[field] : null;
  if (!isValid(content)) throw new Error(`${path} is damaged; ${holds}, so restore it from a backup rather than delete it`);
  return content;
}

/** Writes `{ "v": 1, "<field>": value }` as public state ({@link writeJsonFileAtomically}), read back by {@link readStateField}. */
export async function writeStateField(path: string, field: string, value: unknown): Promise<void> {
  await writeJsonFileAtomically(path, { v: 1, [field]: value });
}

/**
 * Writes `value` as JSON atomically (temporary file + rename) in a 0700 directory: public state
 * with mode 0644; `private` state (a credential) with mode 0600, set past the umask too.
 */
export async function writeJsonFileAtomically(path: string, value: unknown, access: 'public' | 'private' = 'public'): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  const mode = access === 'private' ? 0o600 : 0o644;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode });
  if (access === 'private') await chmod(temporary, mode);
  await rename(temporary, path);
}
