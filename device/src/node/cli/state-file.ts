import { rm } from 'node:fs/promises';
import { readTextFileIfExists, writeJsonFileAtomically } from '../json-file.ts';
import { CliError } from './cli-error.ts';

/**
 * The session saved by `login`: the server it belongs to and the session cookie. The cookie is
 * a bearer credential for 15 minutes (sliding), so the file is written with mode 0600 in a
 * 0700 directory, atomically (temporary file + rename).
 */
export interface SessionState {
  readonly v: 1;
  readonly server: string;
  readonly username: string;
  readonly cookies: Readonly<Record<string, string>>;
  /** The CA the TLS connection trusts (the root pinned in the bundle at login, or --ca). */
  readonly caPem: string;
  readonly savedAt: string;
}

export async function readSessionState(path: string): Promise<SessionState | null> {
  const text = await readTextFileIfExists(path);
  if (text === undefined) return null;
  const value: unknown = JSON.parse(text);
  if (!isSessionState(value)) throw new CliError(`the session file ${path} is damaged: delete it and log in again`);
  return value;
}

export async function writeSessionState(path: string, state: Omit<SessionState, 'v' | 'savedAt'>): Promise<void> {
  const full: SessionState = { v: 1, ...state, savedAt: new Date().toISOString() };
  await writeJsonFileAtomically(path, full, 'private');
}

export async function deleteSessionState(path: string): Promise<void> {
  await rm(path, { force: true });
}

function isSessionState(value: unknown): value is SessionState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const cookies = v.cookies;
  return (
    v.v === 1 &&
    typeof v.server === 'string' &&
    typeof v.username === 'string' &&
    typeof v.savedAt === 'string' &&
    typeof v.caPem === 'string' &&
    typeof cookies === 'object' &&
    cookies !== null &&
    Object.values(cookies).every((c) => typeof c === 'string')
  );
}
