/**
 * Test support: runs the real `openssl` binary in a temporary directory, as an independent
 * implementation to cross-check our certificates, CSRs and CRLs against.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Outcome of one openssl run (never throws for a non-zero exit). */
export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch directory with helpers to write files and run openssl inside it. */
export interface OpensslScratch {
  dir: string;
  write(files: Record<string, string>): Promise<void>;
  run(args: string[]): Promise<OpensslResult>;
  remove(): Promise<void>;
}

/** Makes a scratch directory under the OS temp dir. */
export async function opensslScratch(): Promise<OpensslScratch> {
  const dir = await mkdtemp(join(tmpdir(), 'seccam-pki-'));
  return {
    dir,
    async write(files) {
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text.endsWith('\n') ? text : `${text}\n`);
    },
    run(args) {
      return new Promise((resolve) => {
        execFile('openssl', args, { cwd: dir }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        });
      });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
