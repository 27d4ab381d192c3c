import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@seccam/testkit';
import { AuditService, sanitiseAuditText, verifyAuditChain } from './audit.service.ts';
import { auditLog } from './audit.table.ts';

describe('audit chain', () => {
  let t: TestDatabase;
  const key = new Uint8Array(32).fill(9);
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestDatabase();
    audit = new AuditService(t.database.db, key);
    for (let i = 0; i < 6; i++) await audit.record({ actor: `user${i}`, action: 'login', ip: '127.0.0.1' });
  });
  afterAll(() => t.drop());

  it('sanitises control characters and newlines', async () => {
    expect(sanitiseAuditText('a\nb\r\u0000c\u2028')).toBe('a b  c ');
    await audit.record({ actor: 'eve', action: 'login.failed', detail: 'x\nINFO forged entry' });
    const rows = await audit.list();
    expect(rows.at(-1)?.detail).toBe('x INFO forged entry');
  });

  it('verifies an untouched chain and reports a checkpoint', async () => {
    const check = verifyAuditChain(await audit.list(), key);
    expect(check).toMatchObject({ ok: true, count: 7 });
  });

  it('detects a modified, a deleted and a reordered entry, and truncation against a checkpoint', async () => {
    const rows = await audit.list();
    const checkpoint = verifyAuditChain(rows, key);
    if (!checkpoint.ok) throw new Error('chain should verify');
    const third = rows[2];
    if (!third) throw new Error('missing rows');

    const modified = rows.map((r) => (r.id === third.id ? { ...r, actor: 'mallory' } : r));
    expect(verifyAuditChain(modified, key)).toMatchObject({ ok: false, atId: third.id });
    expect(
      verifyAuditChain(
        rows.filter((r) => r.id !== third.id),
        key,
      ),
    ).toMatchObject({ ok: false, atId: rows[3]?.id });
    const swapped = [...rows];
    [swapped[1], swapped[2]] = [swapped[2] ?? third, swapped[1] ?? third];
    expect(verifyAuditChain(swapped, key)).toMatchObject({ ok: false });
    expect(verifyAuditChain(rows.slice(0, -2), key, checkpoint)).toMatchObject({ ok: false, reason: 'truncated' });

    // The application cannot edit the log; an owner who disables the trigger is found by the chain.
    await expect(t.database.db.update(auditLog).set({ detail: 'edited' }).where(eq(auditLog.id, third.id))).rejects.toThrow();
    await t.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await t.database.db.update(auditLog).set({ detail: 'edited' }).where(eq(auditLog.id, third.id));
    expect(verifyAuditChain(await audit.list(), key)).toMatchObject({ ok: false, atId: third.id });
  });

  it('keeps one chain under concurrent appends', async () => {
    const fresh = await createTestDatabase();
    const a = new AuditService(fresh.database.db, key);
    await Promise.all(Array.from({ length: 20 }, (_, i) => a.record({ actor: `c${i}`, action: 'x' })));
    expect(verifyAuditChain(await a.list(), key)).toMatchObject({ ok: true, count: 20 });
    const [{ n } = { n: 0 }] = await fresh.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(n).toBe(20);
    await fresh.drop();
  });
});
