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
import { DEFAULT_LIMITS, type DatabaseLimits } from '../limits.ts';
import type { Logger } from '../logger.ts';
import { PgListener } from './pg-listener.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The database handle every repository function takes. Same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * A named prepared statement with positional parameters (`$1`…), answering its rows. node-postgres
 * parses a name once per pooled connection and reuses the plan; PGlite runs it in-process. For
 * the few hot paths that drizzle's builders would rebuild per call (frame storage).
 */
export type PreparedQuery = (
  statement: { readonly name: string; readonly text: string },
  values: readonly unknown[],
) => Promise<Record<string, unknown>[]>;

/** The driver behind a handle made by {@link openDatabase}, and its prepared statements. */
export function preparedQueryOf(db: Db): { readonly kind: Database['kind']; readonly prepared: PreparedQuery } {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) {
    return {
      kind: 'pglite',
      prepared: async (statement, values) => (await client.query<Record<string, unknown>>(statement.text, [...values])).rows,
    };
  }
  if (client instanceof pg.Pool) {
    return {
      kind: 'postgres',
      prepared: async (statement, values) =>
        (await client.query<Record<string, unknown>>({ name: statement.name, text: statement.text, values: [...values] })).rows,
    };
  }
  throw new TypeError('not a database handle made by openDatabase');
}

/** A notification listener; returns an unsubscribe function. */
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** LISTEN on a channel (used for fan-out across API instances). */
  readonly listen: Listen;
  /**
   * Calls `onRestored` each time LISTEN is back after its connection was lost: notifications
   * sent in between are gone ([Note: a listener that comes back] in pg-listener.ts). Never on PGlite.
   */
  onListenRestored(onRestored: () => void): () => void;
  /** False while the LISTEN connection is lost and reconnecting. */
  isListening(): boolean;
  /** True when a trivial query answers within `timeoutMs`; never throws (for `/healthz`). */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite stored in `pgliteDir` (or in memory when that is absent too). */
  readonly url?: string | undefined;
  readonly pgliteDir?: string | undefined;
  /** Pool size for node-postgres. */
  readonly poolSize?: number;
  /** Merged over `DEFAULT_LIMITS.database`. */
  readonly limits?: Partial<DatabaseLimits>;
  /** Where the listener reports losing and regaining its connection. */
  readonly logger?: Logger;
}

/** Opens the database and applies the committed migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (!options.url) return openPglite(options.pgliteDir);
  return openPostgres(options.url, options.poolSize ?? 10, { ...DEFAULT_LIMITS.database, ...options.limits }, options.logger);
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
    // In-process: there is no connection to lose.
    onListenRestored: () => () => undefined,
    isListening: () => !client.closed,
    ping: (timeoutMs) => pingWithin(() => client.query('SELECT 1'), timeoutMs),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number, limits: DatabaseLimits, logger: Logger | undefined): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    query_timeout: limits.queryTimeoutMs,
    keepAlive: true,
  });
  pool.on('error', () => {
    // An idle client died (server restart, lost path); the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    // pg-pool listens for errors only on idle clients. One checked out (inside a transaction)
    // whose socket dies emits `error` with nobody listening, which would end the process; the
    // error also fails the query that is running, and the pool drops the broken client.
    client.on('error', () => undefined);
  });
  const db = drizzlePg({ client: pool, schema });
  try {
    await migratePg(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (cause) {
    await pool.end();
    throw new Error(`Could not migrate the PostgreSQL database at ${redactUrl(url)}`, { cause });
  }
  const listener = new PgListener(url, limits, logger);
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    onListenRestored: (onRestored) => listener.onRestored(onRestored),
    isListening: () => listener.state === 'listening',
    ping: (timeoutMs) => pingWithin(() => pool.query('SELECT 1'), timeoutMs),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

/** Runs `query`, true if it answered within `timeoutMs`. */
async function pingWithin(query: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      query().then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
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
