/**
 * The audit trail: who did what, from where, chained so that tampering shows.
 *
 * [Note: audit chain]
 * Entry n stores `mac_n = HMAC(auditKey, mac_{n-1} || canonical(entry_n))` with `mac_0`'s
 * predecessor being 32 zero bytes. Appends are serialised with a transaction-scoped advisory
 * lock so two API instances never fork the chain. `verifyAuditChain` recomputes it and names
 * the first entry that was modified, deleted, reordered or (given an expected head) truncated.
 */
import { asc, desc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bytesEqual } from '@seccam/schema';
import { keyedHash } from '../../at-rest-cipher.ts';
import { auditLog, type AuditRow } from './audit.table.ts';

/** Serialises appends and checkpoints across instances (transaction-scoped advisory lock). */
export const AUDIT_LOCK_ID = 0x5ecca4d17;
export const GENESIS_MAC = new Uint8Array(32);
const MAX_FIELD = 500;

export interface AuditEvent {
  /** Username, `anonymous`, or `system`. */
  readonly actor: string;
  /** Dotted verb, e.g. `login.failed`, `register`, `chunk.conflict`. */
  readonly action: string;
  readonly subject?: string;
  readonly detail?: string;
  readonly ip?: string;
}

/** Removes control characters and newlines and bounds the length (log-injection proof). */
export function sanitiseAuditText(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return clean.length > MAX_FIELD ? `${clean.slice(0, MAX_FIELD - 1)}…` : clean;
}

function canonical(e: Pick<AuditRow, 'at' | 'actor' | 'action' | 'subject' | 'detail' | 'ip'>): string {
  return JSON.stringify([e.at.toISOString(), e.actor, e.action, e.subject, e.detail, e.ip]);
}

function chainMac(key: Uint8Array, prevMac: Uint8Array, entry: Parameters<typeof canonical>[0]): Uint8Array {
  const body = new TextEncoder().encode(canonical(entry));
  const input = new Uint8Array(prevMac.length + body.length);
  input.set(prevMac);
  input.set(body, prevMac.length);
  return keyedHash(key, input);
}

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly auditKey: Uint8Array,
  ) {}

  /** Appends one entry to the chain. Fields are sanitised; never pass secrets here. */
  async record(event: AuditEvent): Promise<void> {
    const entry = {
      at: new Date(),
      actor: sanitiseAuditText(event.actor),
      action: sanitiseAuditText(event.action),
      subject: sanitiseAuditText(event.subject ?? ''),
      detail: sanitiseAuditText(event.detail ?? ''),
      ip: sanitiseAuditText(event.ip ?? ''),
    };
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
      const [last] = await tx.select({ mac: auditLog.mac }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
      const mac = chainMac(this.auditKey, last?.mac ?? GENESIS_MAC, entry);
      await tx.insert(auditLog).values({ ...entry, mac });
    });
  }

  /** Entries in chain order, newest last. */
  async list(limit = 1000): Promise<AuditRow[]> {
    return this.db.select().from(auditLog).orderBy(asc(auditLog.id)).limit(limit);
  }
}

export type AuditChainFailure = {
  ok: false;
  reason: 'modified-deleted-or-reordered' | 'truncated' | 'checkpoint-mismatch';
  atId: number | null;
  verified: number;
};
export type AuditChainCheck = { ok: true; count: number; headMacHex: string } | AuditChainFailure;

/** A point of the chain known from elsewhere: "the log had `count` entries, the last one's MAC was `headMacHex`". */
export interface AuditChainPoint {
  readonly count: number;
  readonly headMacHex: string;
}

/**
 * Recomputes the chain over `rows` (in id order). When `expected` (a checkpoint) is given, the
 * entry it names must still be in the log with the MAC it had: a log that ends before it is
 * reported as truncated, one whose entry number `count` now has another MAC (a chain rebuilt
 * by someone holding the HMAC key, or edited before the checkpoint) as a checkpoint mismatch.
 */
export function verifyAuditChain(rows: readonly AuditRow[], auditKey: Uint8Array, expected?: AuditChainPoint): AuditChainCheck {
  let prev: Uint8Array = GENESIS_MAC;
  for (const [i, row] of rows.entries()) {
    const mac = chainMac(auditKey, prev, row);
    if (!bytesEqual(mac, row.mac)) return { ok: false, reason: 'modified-deleted-or-reordered', atId: row.id, verified: i };
    prev = row.mac;
  }
  const contradiction = expected ? pointContradiction(rows, expected) : null;
  return contradiction ?? { ok: true, count: rows.length, headMacHex: Buffer.from(prev).toString('hex') };
}

/**
 * For a chain that verifies: whether the entry `point` names is still there with its MAC.
 * @returns the failed check, or null when the point holds
 */
export function pointContradiction(rows: readonly AuditRow[], point: AuditChainPoint): AuditChainFailure | null {
  if (rows.length < point.count) return { ok: false, reason: 'truncated', atId: null, verified: rows.length };
  const entry = point.count === 0 ? undefined : rows[point.count - 1];
  const macThen = Buffer.from(entry?.mac ?? GENESIS_MAC).toString('hex');
  return macThen === point.headMacHex ? null : { ok: false, reason: 'checkpoint-mismatch', atId: entry?.id ?? null, verified: rows.length };
}
