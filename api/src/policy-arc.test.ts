/**
 * SECCAM_POLICY_ARC end to end through the real entry point (api/src/main.ts): the CA it makes
 * names the arc, and a later start under another arc refuses the store instead of issuing
 * certificates whose roles verifiers would read differently ([Note: policy OID arc]).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCertificatePem, policyArcOfCertificate } from '@seccam/pki';
import { createTestDatabase, postgresServerUrl } from '@seccam/testkit';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARC = '1.3.6.1.4.1.999999.7';

function startMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, output, exited };
}

describe('SECCAM_POLICY_ARC', () => {
  it('makes the CA under the arc, and refuses a later start under another arc', async () => {
    const db = await createTestDatabase(postgresServerUrl());
    const dataDir = mkdtempSync(join(tmpdir(), 'seccam-arc-'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: db.url, WEB_ROOT: join(dataDir, 'no-web') };
    try {
      const first = startMain({ ...env, SECCAM_POLICY_ARC: ARC });
      await expect.poll(() => first.output.stdout.includes('SecCam is up'), { timeout: 60_000, interval: 200 }).toBe(true);
      const root = parseCertificatePem(readFileSync(join(dataDir, 'pki', 'root.pem'), 'utf8'));
      expect(policyArcOfCertificate(root)).toBe(ARC);
      expect(policyArcOfCertificate(parseCertificatePem(readFileSync(join(dataDir, 'pki', 'intermediate.pem'), 'utf8')))).toBe(ARC);
      first.child.kill('SIGTERM');
      expect((await first.exited)[0]).toBe(0);

      const second = startMain(env); // the default arc now: the store must be refused
      const [code] = await second.exited;
      expect(code).not.toBe(0);
      expect(second.output.stdout + second.output.stderr).toMatch(
        new RegExp(`names the policy arc ${ARC.replaceAll('.', '\\.')}, not 1\\.3\\.6\\.1\\.4\\.1\\.32473\\.1`),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
