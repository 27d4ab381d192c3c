/**
 * A fresh database per test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by `DATABASE_URL` (dropped afterwards), so the same suite runs on both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseLimits } from '@seccam/api';

export interface TestDatabase {
  readonly database: Database;
  /** The postgres:// URL of this database (undefined on PGlite). */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL server for tests that need one whatever the pass (a path to cut, say):
 * `DATABASE_URL` when set, else the local server the README and CI provide.
 */
export function postgresServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * Another handle on an existing test database at `url` (e.g. through a TcpProxy), so a second
 * API instance has a path of its own; its `drop` only closes it.
 */
export async function connectTestDatabase(url: string, limits?: Partial<DatabaseLimits>): Promise<TestDatabase> {
  const database = await openDatabase({ url, poolSize: 5, ...(limits ? { limits } : {}) });
  return { database, url, drop: () => database.close() };
}

export async function createTestDatabase(serverUrl = process.env.DATABASE_URL): Promise<TestDatabase> {
  if (!serverUrl) {
    const database = await openDatabase({});
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `seccam_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Runs one SQL statement on a test database directly, as an operator with `psql` would: for
 * tests that play a hostile database editor. `$1`… placeholders take `params`.
 */
export async function editDatabase(database: Database, text: string, params: readonly unknown[] = []): Promise<void> {
  // Both drivers' clients (PGlite, pg.Pool) answer `query(text, params)`; drizzle keeps it as `$client`.
  const { $client } = database.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<unknown> } };
  await $client.query(text, [...params]);
}
