/**
 * The one typed database object, on either PGlite (embedded default) or a PostgreSQL server.
 *
 * [Note: why PostgreSQL]
 * See README "Why PostgreSQL": PGlite is real Postgres compiled to WASM, so the embedded
 * default and a managed cluster run the same SQL and the same migrations, and every test
 * talks to a real database rather than a mock.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The database handle every repository function takes. Same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A notification listener; returns an unsubscribe function. */
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** LISTEN on a channel (used for fan-out across API instances). */
  readonly listen: Listen;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite stored in `pgliteDir` (or in memory when that is absent too). */
  readonly url?: string | undefined;
  readonly pgliteDir?: string | undefined;
  /** Pool size for node-postgres. */
  readonly poolSize?: number;
}

/** Opens the database and applies the committed migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.pgliteDir);
}

async function openPglite(dir: string | undefined): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const client = dir ? await PGlite.create(dir) : await PGlite.create();
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (cause) {
    await client.close();
    throw new Error(`Could not migrate the embedded database in ${dir ?? 'memory'}`, { cause });
  }
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    listen: async (channel, onPayload) => {
      const unsubscribe = await client.listen(channel, onPayload);
      return unsubscribe;
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it on next use.
  });
  const db = drizzlePg({ client: pool, schema });
  try {
    await migratePg(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (cause) {
    await pool.end();
    throw new Error(`Could not migrate the PostgreSQL database at ${redactUrl(url)}`, { cause });
  }
  let listener: pg.Client | undefined;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const ensureListener = async (): Promise<pg.Client> => {
    if (listener) return listener;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    c.on('notification', (n) => {
      for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    listener = c;
    return c;
  };
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    listen: async (channel, onPayload) => {
      const c = await ensureListener();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
        if (set.size === 0) {
          handlers.delete(channel);
          await c.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
        }
      };
    },
    close: async () => {
      await listener?.end();
      await pool.end();
    },
  };
}

/** Strips the password from a connection URL before it is shown anywhere. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** The PGlite directory inside the data directory. */
export function pgliteDirIn(dataDir: string): string {
  return join(dataDir, 'db');
}
