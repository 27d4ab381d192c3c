import { dirname } from 'node:path';
import { exportStatementKeyPems, generateStatementKey, importStatementKey, type StatementKey } from '../statement-key.ts';
import { ensureDir, KEY_MODE, readOptional, tightenKeyMode, withDirLock, writeFileAtomic } from './pki-files.ts';

/**
 * Loads the statement key kept in `path` (PKCS#8 PEM), creating it (0600, written atomically,
 * under the folder's lock so two processes starting together agree on one key) on first use.
 * A key file others can read is narrowed to 0600 on load.
 */
export async function ensureStatementKeyFile(path: string): Promise<StatementKey> {
  const dir = dirname(path);
  await ensureDir(dir, 0o700);
  return withDirLock(dir, async () => {
    const existing = await readOptional(path);
    if (existing !== null) {
      await tightenKeyMode(path);
      return importStatementKey(existing);
    }
    const key = await generateStatementKey();
    const { privateKeyPem } = await exportStatementKeyPems(key);
    await writeFileAtomic(path, `${privateKeyPem}\n`, KEY_MODE);
    return importStatementKey(privateKeyPem);
  });
}
