/**
 * `npm run reset` (tsx tools/reset.ts [--yes]): wipes a development install — the DATA_DIR with
 * the embedded database, the master secret, the CA and service keys and certificates, the
 * audit checkpoint and transparency log keys, and the mail drop — so the next `npm start`
 * begins from nothing.
 *
 * [Note: a reset that cannot wipe the wrong thing]
 * It refuses, exit code 1, before touching anything when:
 * - `NODE_ENV=production`;
 * - `DATABASE_URL` is set: the accounts live in PostgreSQL, encrypted under the master secret
 *   this would delete, so removing the directory alone would leave a database nobody can read;
 * - the directory is not a SecCam data directory: a symlink or not a directory, no
 *   `master.key` or `pki/root.pem` in it, or any entry the API does not create there (a home
 *   directory or a project folder given by mistake fails that test);
 * - stdin is not a TTY and `--yes` is not given. On a TTY it asks for the directory's name.
 * Then it removes the directory and names each entry it removed. Stop the server first.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '@seccam/api/config';

/** What the API creates in its data directory, and what each entry holds. */
const KNOWN_ENTRIES: Readonly<Record<string, string>> = {
  'master.key': 'the master secret (session, e-mail, TOTP and audit keys derive from it)',
  db: 'the embedded PGlite database (accounts, certificates, streams, grants, audit log)',
  pki: 'the root and intermediate CA keys, the API and edge TLS keys and certificates',
  audit: 'the audit checkpoint signing key',
  transparency: 'the transparency log signing key',
  mail: 'the mail drop (.eml files)',
};
const MARKERS = ['master.key', join('pki', 'root.pem')];

class Refusal extends Error {}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The entries to remove, or a Refusal saying why this is not a SecCam data directory. */
function seccamEntries(dir: string): string[] {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    throw new Refusal(`${dir} does not exist: nothing to reset.`);
  }
  if (stat.isSymbolicLink() || !stat.isDirectory()) throw new Refusal(`${dir} is not a directory (symlinks are not followed).`);
  const entries = readdirSync(dir).sort();
  const foreign = entries.filter((name) => !Object.hasOwn(KNOWN_ENTRIES, name));
  if (foreign.length > 0) {
    throw new Refusal(
      `${dir} holds entries SecCam does not create (${foreign.join(', ')}): it does not look like a SecCam data directory.`,
    );
  }
  if (!MARKERS.some((marker) => exists(join(dir, marker)))) {
    throw new Refusal(`${dir} has neither ${MARKERS.join(' nor ')}: it does not look like a SecCam data directory.`);
  }
  return entries;
}

async function confirmed(dir: string): Promise<boolean> {
  const name = basename(dir);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`Stop the server first. Type the data directory name (${name}) to confirm: `);
    return answer.trim() === name;
  } finally {
    rl.close();
  }
}

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--yes');
  if (unknown.length > 0) {
    process.stderr.write(`usage: npm run reset [-- --yes]   (unknown: ${unknown.join(' ')})\n`);
    return 2;
  }
  if (process.env.NODE_ENV === 'production') throw new Refusal('NODE_ENV=production: reset only wipes development installs.');
  const config = loadConfig(process.env);
  if (config.databaseUrl) {
    throw new Refusal('DATABASE_URL is set: the data lives in PostgreSQL (drop that database yourself); nothing was removed.');
  }
  const dir = config.dataDir;
  const entries = seccamEntries(dir);
  process.stdout.write(`This deletes ${dir}:\n${entries.map((e) => `  ${e}: ${KNOWN_ENTRIES[e] ?? ''}`).join('\n')}\n`);
  if (!args.includes('--yes')) {
    if (!process.stdin.isTTY) throw new Refusal('stdin is not a terminal: run it in one, or pass --yes.');
    if (!(await confirmed(dir))) throw new Refusal('The name did not match: nothing was removed.');
  }
  rmSync(dir, { recursive: true, force: false });
  for (const entry of entries) process.stdout.write(`removed ${join(dir, entry)}\n`);
  const outside = [config.auditCheckpointKeyFile, config.transparencyLogKeyFile].filter((f) => relative(dir, f).startsWith('..'));
  for (const file of outside) process.stdout.write(`kept ${file} (outside the data directory)\n`);
  process.stdout.write(`Reset done: the next start creates a new data directory, CA and master secret.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reset refused: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
