/** Test support: one temporary directory per describe block, for the file stores' tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * Makes a fresh temporary directory (named from `prefix`) in the describe block's `beforeAll`
 * and removes it in `afterAll`; the function returned joins `parts` onto its path.
 */
export function useTempDir(prefix: string): (...parts: string[]) => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(() => (dir === undefined ? undefined : rm(dir, { recursive: true, force: true })));
  return (...parts) => {
    if (dir === undefined) throw new Error('useTempDir: the directory exists only inside the describe block’s tests');
    return join(dir, ...parts);
  };
}
