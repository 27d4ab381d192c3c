/**
 * `npm run audit -- verify [--expect COUNT:HEADHEX]`: recomputes the audit chain from the
 * database the server is configured for (same environment as `npm start`) and reports the first
 * modified, deleted or reordered entry, or truncation against a checkpoint printed earlier.
 * `npm run audit -- tail [N]` prints the newest entries.
 *
 * With the embedded PGlite database, stop the server first (one process owns the files).
 */
import 'reflect-metadata';
import { loadConfig } from '../../config.ts';
import { openDatabase, pgliteDirIn } from '../../db/client.ts';
import { deriveSecrets, loadMasterSecret } from '../../secrets.ts';
import { AuditService, verifyAuditChain } from './audit.service.ts';

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'verify', ...rest] = argv;
  const config = loadConfig(process.env);
  const secrets = deriveSecrets(loadMasterSecret(config.masterSecretB64, config.dataDir));
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: pgliteDirIn(config.dataDir) });
  try {
    const audit = new AuditService(database.db, secrets.auditKey);
    const rows = await audit.list(Number.MAX_SAFE_INTEGER);
    if (command === 'tail') {
      const n = Number(rest[0] ?? 20);
      for (const r of rows.slice(-n)) process.stdout.write(`${r.id}\t${r.at.toISOString()}\t${r.actor}\t${r.action}\t${r.subject}\t${r.detail}\t${r.ip}\n`);
      return 0;
    }
    if (command !== 'verify') {
      process.stderr.write('usage: npm run audit -- verify [--expect COUNT:HEADHEX] | tail [N]\n');
      return 2;
    }
    const expectIndex = rest.indexOf('--expect');
    const [count, head] = expectIndex >= 0 ? (rest[expectIndex + 1] ?? '').split(':') : [];
    const expected = count && head ? { count: Number(count), headMacHex: head } : undefined;
    const check = verifyAuditChain(rows, secrets.auditKey, expected);
    if (check.ok) {
      process.stdout.write(`audit chain OK: ${check.count} entries\ncheckpoint (keep it elsewhere; pass it to --expect later): ${check.count}:${check.headMacHex}\n`);
      return 0;
    }
    process.stdout.write(
      check.reason === 'truncated'
        ? `audit chain TRUNCATED: ${check.verified} entries verify, fewer than or different from the checkpoint\n`
        : `audit chain BROKEN at entry ${check.atId ?? '?'}: modified, deleted or reordered (${check.verified} entries before it verify)\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`audit: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
