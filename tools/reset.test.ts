import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** Runs `tools/reset.ts` as `npm run reset` does (tsx), stdin a pipe (not a TTY). */
function reset(
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' };
  delete childEnv.DATABASE_URL; // the test database of the suite must never reach reset
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/reset.ts', ...args], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

const scratch: string[] = [];

const API_FILES = {
  'master.key': 'x\n',
  'db/PG_VERSION': '17\n',
  'pki/root.pem': 'pem\n',
  'pki/root/root.key': 'key\n',
  'mail/a.eml': 'mail\n',
};

/** A data directory as the API leaves it (the files' contents do not matter to reset). */
async function dataDir(extra: Record<string, string> = {}, base: Record<string, string> = API_FILES): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'seccam-reset-'));
  scratch.push(root);
  const dir = join(root, 'data');
  const files = { ...base, ...extra };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(scratch.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('npm run reset', () => {
  it('with --yes removes the data directory and names what it removed', async () => {
    const dir = await dataDir();
    const run = await reset(dir, ['--yes']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    for (const entry of ['db', 'mail', 'master.key', 'pki']) expect(run.out).toContain(`removed ${join(dir, entry)}\n`);
  });

  it('refuses without a TTY unless --yes, and removes nothing', async () => {
    const dir = await dataDir();
    const run = await reset(dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/not a terminal: run it in one, or pass --yes/);
    expect(existsSync(join(dir, 'master.key'))).toBe(true);
  });

  it.each([
    ['an entry SecCam does not create', { 'notes.txt': 'mine\n' }, /entries SecCam does not create \(notes\.txt\)/],
    ['no marker file', null, /neither master\.key nor pki\/root\.pem/],
  ])('refuses a foreign directory (%s), even with --yes', async (_name, extra, message) => {
    const dir = extra ? await dataDir(extra) : await dataDir({}, { 'db/PG_VERSION': '17\n', 'mail/a.eml': 'mail\n' });
    const run = await reset(dir, ['--yes']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(message);
    expect(existsSync(dir)).toBe(true);
  });

  it.each([
    [{ NODE_ENV: 'production' }, /NODE_ENV=production/],
    [{ DATABASE_URL: 'postgres://seccam@127.0.0.1:1/seccam' }, /DATABASE_URL is set/],
  ])('refuses with %j', async (env, message) => {
    const dir = await dataDir();
    const run = await reset(dir, ['--yes'], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(message);
    expect(existsSync(join(dir, 'master.key'))).toBe(true);
  });
});
