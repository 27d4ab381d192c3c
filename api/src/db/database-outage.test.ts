/**
 * The database handle when the path to PostgreSQL breaks: a TCP proxy between it and a real
 * server is cut (every connection reset, new ones refused) and restored. The process stays up,
 * queries fail fast as "unreachable", the listener reconnects, LISTENs again and says so.
 * Always on a PostgreSQL server (DATABASE_URL, or the local one): PGlite has no path to cut.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectTestDatabase,
  createTestDatabase,
  postgresServerUrl,
  startTcpProxy,
  tcpTargetOf,
  type TcpProxy,
  type TestDatabase,
} from '@seccam/testkit';
import { isDatabaseUnreachable } from './errors.ts';

const FAST = {
  connectTimeoutMs: 1000,
  queryTimeoutMs: 2000,
  listenerHeartbeatMs: 200,
  listenerRetryInitialMs: 50,
  listenerRetryMaxMs: 300,
};

describe('database outage (through a TCP proxy)', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let db: TestDatabase;

  beforeAll(async () => {
    server = await createTestDatabase(postgresServerUrl());
    proxy = await startTcpProxy(tcpTargetOf(server.url ?? ''));
    db = await connectTestDatabase(proxy.via(server.url ?? ''), FAST);
  });
  afterAll(async () => {
    await db.drop();
    await proxy.close();
    await server.drop();
  });

  it('keeps the process up, fails queries fast as unreachable, and listens again after the cut', async () => {
    const received: string[] = [];
    const restored: number[] = [];
    await db.database.listen('outage_test', (payload) => received.push(payload));
    db.database.onListenRestored(() => restored.push(Date.now()));
    const notify = (payload: string) => server.database.db.execute(sql`SELECT pg_notify('outage_test', ${payload})`);
    await notify('before');
    await expect.poll(() => received).toEqual(['before']);
    expect(await db.database.ping(1000)).toBe(true);

    proxy.cut();
    await expect.poll(() => db.database.isListening()).toBe(false);
    const started = Date.now();
    const error: unknown = await db.database.db.execute(sql`SELECT 1`).catch((e: unknown) => e);
    expect(isDatabaseUnreachable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(FAST.connectTimeoutMs + 1000);
    expect(await db.database.ping(500)).toBe(false);
    // Sent while the path is cut: lost to this listener (the re-check after the gap is the caller's).
    await notify('during');

    proxy.restore();
    await expect.poll(() => restored.length, { timeout: 5000 }).toBe(1);
    expect(db.database.isListening()).toBe(true);
    expect(await db.database.ping(1000)).toBe(true);
    await notify('after');
    await expect.poll(() => received).toEqual(['before', 'after']);
  });

  it('survives a cut in the middle of a transaction (a checked-out client losing its socket)', async () => {
    const inTransaction = db.database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.execute(sql`SELECT 2`);
    });
    const error: unknown = await inTransaction.catch((e: unknown) => e);
    expect(isDatabaseUnreachable(error)).toBe(true);
    proxy.restore();
    await expect.poll(() => db.database.ping(500), { timeout: 5000 }).toBe(true);
  });
});
