/**
 * Signed checkpoints of the audit chain ([Note: audit checkpoint] in @seccam/schema).
 *
 * {@link AuditCheckpointer} signs "N entries, head MAC H" with the checkpoint key (its own file,
 * not derived from the master secret) every `intervalMs` while the log grows, and once more at
 * shutdown. {@link verifyAuditLog} is what `npm run audit -- verify` runs: the HMAC chain, then
 * every stored checkpoint's signature, then that each checkpoint's entry is still in the log
 * with the MAC it had — a cut tail, a TRUNCATE behind a disabled trigger or a rebuilt chain
 * contradicts a signed checkpoint.
 */
import { asc, desc, sql } from 'drizzle-orm';
import { isStatementSignedBy, signStatement, type StatementKey } from '@seccam/pki';
import { encodeAuditCheckpointStatement } from '@seccam/schema';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import {
  AUDIT_LOCK_ID,
  GENESIS_MAC,
  pointContradiction,
  verifyAuditChain,
  type AuditChainFailure,
  type AuditChainPoint,
} from './audit.service.ts';
import { auditCheckpoints, auditLog, type AuditCheckpointRow, type AuditRow } from './audit.table.ts';

/** How often a growing log is checkpointed, by default. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10 * 60 * 1000;

export interface AuditCheckpoint extends AuditChainPoint {
  readonly at: Date;
  readonly keyIdHex: string;
  readonly signature: Uint8Array;
}

export class AuditCheckpointer {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Db,
    private readonly key: StatementKey,
    private readonly logger: Logger,
  ) {}

  /**
   * Signs the chain's current head, unless the newest checkpoint already covers it.
   * @returns the new checkpoint, or undefined when there was nothing new to pin
   */
  async checkpoint(now = new Date()): Promise<AuditCheckpoint | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
      const [head] = await tx
        .select({
          count: sql<number>`count(*)::bigint`.mapWith(Number),
          mac: sql<Uint8Array | null>`(SELECT mac FROM audit_log ORDER BY id DESC LIMIT 1)`,
        })
        .from(auditLog);
      const count = head?.count ?? 0;
      const [last] = await tx
        .select({ entryCount: auditCheckpoints.entryCount })
        .from(auditCheckpoints)
        .orderBy(desc(auditCheckpoints.id))
        .limit(1);
      if (count === 0 || last?.entryCount === count) return undefined;
      const headMacHex = Buffer.from(head?.mac ?? GENESIS_MAC).toString('hex');
      const signature = await signStatement(
        encodeAuditCheckpointStatement({ entryCount: count, headMacHex, at: now }),
        this.key.privateKey,
      );
      await tx
        .insert(auditCheckpoints)
        .values({ at: now, entryCount: count, headMac: Buffer.from(headMacHex, 'hex'), keyId: this.key.keyIdHex, signature });
      return { count, headMacHex, at: now, keyIdHex: this.key.keyIdHex, signature };
    });
  }

  /** Checkpoints every `intervalMs` from now on (a no-op while the log does not grow). */
  start(intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS): void {
    this.timer = setInterval(() => {
      this.checkpoint().catch((cause: unknown) => {
        this.logger.warn('audit checkpoint failed; retrying at the next interval', {
          error: cause instanceof Error ? cause.message : String(cause),
        });
      });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes a last checkpoint, so a clean shutdown always leaves one. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checkpoint();
  }
}

export async function listAuditCheckpoints(db: Db): Promise<AuditCheckpointRow[]> {
  return db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
}

export type AuditLogCheck =
  | { ok: true; count: number; headMacHex: string; checkpoints: number }
  | AuditChainFailure
  | { ok: false; reason: 'checkpoint-forged'; checkpointId: number; verified: number };

/**
 * The chain, then every stored checkpoint: signed by the checkpoint key (`publicKey`, its id
 * `keyIdHex`), and its entry still in the log with the MAC it had. `expected` adds a
 * checkpoint the operator kept elsewhere (`--expect COUNT:HEAD`), checked the same way.
 */
export async function verifyAuditLog(
  rows: readonly AuditRow[],
  checkpoints: readonly AuditCheckpointRow[],
  auditKey: Uint8Array,
  checkpointKey: { publicKey: CryptoKey; keyIdHex: string },
  expected?: AuditChainPoint,
): Promise<AuditLogCheck> {
  const chain = verifyAuditChain(rows, auditKey, expected);
  if (!chain.ok) return chain;
  for (const cp of checkpoints) {
    const point = { count: cp.entryCount, headMacHex: Buffer.from(cp.headMac).toString('hex') };
    const statement = encodeAuditCheckpointStatement({ entryCount: point.count, headMacHex: point.headMacHex, at: cp.at });
    const signed = cp.keyId === checkpointKey.keyIdHex && (await isStatementSignedBy(statement, cp.signature, checkpointKey.publicKey));
    if (!signed) return { ok: false, reason: 'checkpoint-forged', checkpointId: cp.id, verified: rows.length };
    const contradiction = pointContradiction(rows, point);
    if (contradiction) return contradiction;
  }
  return { ...chain, checkpoints: checkpoints.length };
}
