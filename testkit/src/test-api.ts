/**
 * Starts the real API (HTTPS, TLS 1.3, GraphQL over HTTP and WebSocket) on port 0 with a fresh
 * database, a throwaway PKI and a mailer that keeps messages in memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntermediateCa, createRootCa, generateStatementKey, issueServerCertificate, type StatementKey } from '@seccam/pki';
import {
  createApp,
  createLogger,
  DEFAULT_LIMITS,
  deriveSecrets,
  loadConfig,
  type ApiPki,
  type App,
  type Config,
  type LimitOverrides,
  type Mailer,
  type MailMessage,
  type RateLimits,
  type ServerSecrets,
  type ThrottlePolicies,
} from '@seccam/api';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const TEST_ORIGIN = 'https://localhost:3443';

let pkiPromise: Promise<ApiPki> | undefined;

/** One throwaway PKI per test process (CA key generation is the slow part). */
let checkpointKeyPromise: Promise<StatementKey> | undefined;

/** One audit checkpoint key per test process, so restarted or twin instances agree on it. */
export function testCheckpointKey(): Promise<StatementKey> {
  checkpointKeyPromise ??= generateStatementKey();
  return checkpointKeyPromise;
}

let logKeyPromise: Promise<StatementKey> | undefined;

/** One transparency log key per test process, so twin or restarted instances sign as one log. */
export function testLogKey(): Promise<StatementKey> {
  logKeyPromise ??= generateStatementKey();
  return logKeyPromise;
}

export function testPki(): Promise<ApiPki> {
  pkiPromise ??= (async () => {
    const root = await createRootCa({ commonName: 'SecCam Test Root' });
    const issuer = await createIntermediateCa(root, { commonName: 'SecCam Test Intermediate' });
    const server = await issueServerCertificate(issuer, {
      commonName: 'localhost',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
    return {
      issuer,
      rootPem: root.certPem,
      intermediatePems: [issuer.certPem],
      serverCertPem: server.certPem,
      serverKeyPem: server.keyPem,
      edgeCertFingerprint256: undefined,
    };
  })();
  return pkiPromise;
}

export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  /** The newest verification token mailed to `to`. */
  tokenFor(to: string): string {
    const mail = this.sent.filter((m) => m.to === to).at(-1);
    const token = mail && /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error(`no verification mail for ${to}`);
    return token;
  }
}

export interface TestApi {
  readonly app: App;
  readonly baseUrl: string;
  readonly port: number;
  readonly pki: ApiPki;
  readonly config: Config;
  readonly secrets: ServerSecrets;
  readonly mailer: Mailer;
  readonly db: TestDatabase;
  stop(): Promise<void>;
}

export interface StartTestApiOptions {
  readonly mailer?: Mailer;
  readonly env?: Record<string, string>;
  readonly db?: TestDatabase;
  readonly throttlePolicies?: ThrottlePolicies;
  /** Reuse secrets (an API "restart" on the same database keeps its sessions valid). */
  readonly secrets?: ServerSecrets;
  /** Overrides of the API's limits (streaming ones, mostly). */
  readonly streamingLimits?: LimitOverrides;
  /** Listen on this port instead of a free one (an API "restart" at the same address). */
  readonly port?: number;
  readonly rateLimits?: RateLimits;
  /** Run on this PKI (e.g. one made by `ensurePki`) instead of the throwaway test PKI. */
  readonly pki?: ApiPki;
}

export async function startTestApi(options: StartTestApiOptions = {}): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'seccam-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    PUBLIC_ORIGIN: TEST_ORIGIN,
    LOG_LEVEL: 'silent',
    WEB_ROOT: join(dataDir, 'no-web'),
    ...options.env,
  });
  const pki = options.pki ?? (await testPki());
  const db = options.db ?? (await createTestDatabase());
  const secrets = options.secrets ?? deriveSecrets(new Uint8Array(randomBytes(32)));
  const mailer = options.mailer ?? new MemoryMailer();
  const app = await createApp({
    config,
    database: db.database,
    pki,
    secrets,
    mailer,
    logger: createLogger('silent'),
    auditCheckpointKey: await testCheckpointKey(),
    transparencyLogKey: await testLogKey(),
    limits: {
      ...options.streamingLimits,
      // Every test client is 127.0.0.1 and tests register many accounts: lift the per-IP limits
      // unless a test sets its own.
      rate: options.rateLimits ?? { loginChallenge: { max: 100_000, windowMs: 60_000 }, register: { max: 100_000, windowMs: 60_000 } },
      loginThrottle: options.throttlePolicies ?? {
        ...DEFAULT_LIMITS.loginThrottle,
        ip: { ...DEFAULT_LIMITS.loginThrottle.ip, freeAttempts: 1000 },
      },
    },
  });
  const address = await app.listen(options.port ?? 0, '127.0.0.1');
  return {
    app,
    port: address.port,
    baseUrl: `https://localhost:${address.port}`,
    pki,
    config,
    secrets,
    mailer,
    db,
    stop: async () => {
      await app.close();
      if (!options.db) await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
