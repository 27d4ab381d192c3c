import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStatementKey, type StatementKey } from '@seccam/pki';
import { createLogger } from '@seccam/api';
import { createTestDatabase, type TestDatabase } from '@seccam/testkit';
import { AuditCheckpointer, listAuditCheckpoints, verifyAuditLog } from './audit-checkpoints.ts';
import { AuditService, verifyAuditChain } from './audit.service.ts';

const auditKey = new Uint8Array(32).fill(7);

describe('signed audit checkpoints', () => {
  let t: TestDatabase;
  let audit: AuditService;
  let key: StatementKey;
  let checkpointer: AuditCheckpointer;

  const verify = async (expected?: { count: number; headMacHex: string }) =>
    verifyAuditLog(await audit.list(Number.MAX_SAFE_INTEGER), await listAuditCheckpoints(t.database.db), auditKey, key, expected);

  beforeAll(async () => {
    t = await createTestDatabase();
    audit = new AuditService(t.database.db, auditKey);
    key = await generateStatementKey();
    checkpointer = new AuditCheckpointer(t.database.db, key, createLogger('silent'));
  });
  afterAll(() => t.drop());

  it('refuses TRUNCATE of the log and of the checkpoints', async () => {
    await audit.record({ actor: 'alice', action: 'login' });
    const refusal = (e: unknown): boolean => /is append-only/.test(String((e as Error).cause ?? e));
    await expect(t.database.db.execute(sql`TRUNCATE audit_log`)).rejects.toSatisfy(refusal);
    await expect(t.database.db.execute(sql`TRUNCATE audit_checkpoints`)).rejects.toSatisfy(refusal);
    expect(await audit.list()).toHaveLength(1);
  });

  it('signs the head only when the log grew, and always once more at shutdown', async () => {
    const first = await checkpointer.checkpoint();
    expect(first).toMatchObject({ count: 1, keyIdHex: key.keyIdHex });
    expect(await checkpointer.checkpoint()).toBeUndefined();
    for (let i = 0; i < 4; i++) await audit.record({ actor: `user${i}`, action: 'login' });
    await checkpointer.stop();
    const stored = await listAuditCheckpoints(t.database.db);
    expect(stored.map((c) => c.entryCount)).toEqual([1, 5]);
    expect(await verify()).toMatchObject({ ok: true, count: 5, checkpoints: 2 });
  });

  it('proves that a checkpoint kept elsewhere is still in the log', async () => {
    const head = verifyAuditChain(await audit.list(), auditKey);
    if (!head.ok) throw new Error('chain should verify');
    expect(await verify({ count: head.count, headMacHex: head.headMacHex })).toMatchObject({ ok: true });
    expect(await verify({ count: head.count, headMacHex: 'ab'.repeat(32) })).toMatchObject({ ok: false, reason: 'checkpoint-mismatch' });
    expect(await verify({ count: head.count + 3, headMacHex: head.headMacHex })).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('reports a forged checkpoint', async () => {
    const other = new AuditCheckpointer(t.database.db, await generateStatementKey(), createLogger('silent'));
    await audit.record({ actor: 'mallory', action: 'login' });
    await other.checkpoint();
    expect(await verify()).toMatchObject({ ok: false, reason: 'checkpoint-forged' });
    // Taking it back needs the owner's power over triggers; the test plays that owner.
    await t.database.db.execute(sql`ALTER TABLE audit_checkpoints DISABLE TRIGGER USER`);
    await t.database.db.execute(sql`DELETE FROM audit_checkpoints WHERE key_id <> ${key.keyIdHex}`);
    await t.database.db.execute(sql`ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`);
    expect(await verify()).toMatchObject({ ok: true, count: 6 });
  });

  it('reports a cut tail, and a chain rebuilt with the HMAC key, against the signed checkpoints', async () => {
    await checkpointer.checkpoint(); // pins 6 entries
    // A database owner disables the triggers and cuts the last two entries: the chain itself
    // still verifies (it is shorter), the signed checkpoint does not.
    await t.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await t.database.db.execute(sql`DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)`);
    expect(verifyAuditChain(await audit.list(), auditKey)).toMatchObject({ ok: true, count: 4 });
    expect(await verify()).toMatchObject({ ok: false, reason: 'truncated' });

    // Someone with the HMAC key (not the checkpoint key) empties the log and writes a new,
    // perfectly chained history of the same length: the checkpoints' head MACs contradict it.
    await t.database.db.execute(sql`DELETE FROM audit_log`);
    await t.database.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    for (let i = 0; i < 6; i++) await audit.record({ actor: `rewritten${i}`, action: 'login' });
    expect(verifyAuditChain(await audit.list(), auditKey)).toMatchObject({ ok: true, count: 6 });
    expect(await verify()).toMatchObject({ ok: false, reason: 'checkpoint-mismatch' });
  });
});
