/**
 * `npm run audit -- verify [--expect COUNT:HEADHEX]`: recomputes the audit chain from the
 * database the server is configured for (same environment as `npm start`), checks every signed
 * checkpoint the server wrote (signature by the checkpoint key, entry still in the log with its
 * MAC), and the one given with `--expect` (printed by an earlier verify and kept elsewhere);
 * reports the first modified, deleted or reordered entry, a cut, or a forged checkpoint.
 * `npm run audit -- tail [N]` prints the newest entries; `npm run audit -- public-key` prints
 * the checkpoint key's public half, for verifiers elsewhere.
 *
 * With the embedded PGlite database, stop the server first (one process owns the files).
 */
import 'reflect-metadata';
import { loadConfig } from '../../config.ts';
import { openDatabase, pgliteDirIn } from '../../db/client.ts';
import { deriveSecrets, loadMasterSecret } from '../../secrets.ts';
import { readFile } from 'node:fs/promises';
import { exportStatementPublicKeyPem, importStatementKey, importStatementPublicKey } from '@seccam/pki';
import { listAuditCheckpoints, verifyAuditLog, type AuditLogCheck } from './audit-checkpoints.ts';
import { AuditService } from './audit.service.ts';

function verdict(check: AuditLogCheck): string {
  if (check.ok) {
    return (
      `audit chain OK: ${check.count} entries, ${check.checkpoints} signed checkpoints hold\n` +
      `checkpoint (keep it elsewhere; pass it to --expect later): ${check.count}:${check.headMacHex}\n`
    );
  }
  switch (check.reason) {
    case 'truncated':
      return `audit chain TRUNCATED: ${check.verified} entries verify, fewer than a checkpoint says the log had\n`;
    case 'checkpoint-mismatch':
      return `audit chain REWRITTEN: entry ${check.atId ?? '?'} no longer has the MAC a checkpoint recorded for it\n`;
    case 'checkpoint-forged':
      return `audit checkpoint ${check.checkpointId} FORGED: not signed by this server's checkpoint key\n`;
    case 'modified-deleted-or-reordered':
      return `audit chain BROKEN at entry ${check.atId ?? '?'}: modified, deleted or reordered (${check.verified} entries before it verify)\n`;
  }
}

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
      for (const r of rows.slice(-n))
        process.stdout.write(`${r.id}\t${r.at.toISOString()}\t${r.actor}\t${r.action}\t${r.subject}\t${r.detail}\t${r.ip}\n`);
      return 0;
    }
    const keyIndex = rest.indexOf('--public-key');
    const checkpointKey =
      keyIndex >= 0
        ? await importStatementPublicKey(await readFile(rest[keyIndex + 1] ?? '', 'utf8'))
        : await importStatementKey(await readFile(config.auditCheckpointKeyFile, 'utf8')).catch((cause: unknown) => {
            throw new Error(`cannot read the checkpoint key ${config.auditCheckpointKeyFile} (or pass --public-key FILE)`, { cause });
          });
    if (command === 'public-key') {
      process.stdout.write(`${await exportStatementPublicKeyPem(checkpointKey.publicKey)}\n`);
      return 0;
    }
    if (command !== 'verify') {
      process.stderr.write('usage: npm run audit -- verify [--expect COUNT:HEADHEX] [--public-key FILE] | tail [N] | public-key\n');
      return 2;
    }
    const expectIndex = rest.indexOf('--expect');
    const [count, head] = expectIndex >= 0 ? (rest[expectIndex + 1] ?? '').split(':') : [];
    const expected = count && head ? { count: Number(count), headMacHex: head.toLowerCase() } : undefined;
    const check = await verifyAuditLog(rows, await listAuditCheckpoints(database.db), secrets.auditKey, checkpointKey, expected);
    process.stdout.write(verdict(check));
    if (check.ok) return 0;
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
