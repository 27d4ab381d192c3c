/**
 * Server configuration, parsed once from the environment at start-up.
 *
 * [Note: config once]
 * Nothing else in the server reads `process.env`. `loadConfig` validates every variable,
 * reports every problem at once (so an operator fixes them in one go) and returns a frozen,
 * typed object that the composition root hands to the modules that need it.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3443),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, 'must be nats://host:port (or tls://…), several separated by commas')
    .optional(),
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  SECCAM_MASTER_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43,}={0,2}$/, 'must be at least 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('SecCam <no-reply@seccam.localhost>'),
  TRUST_PROXY: bool.default(false),
  WEB_ROOT: z.string().optional(),
  TLS_HOSTNAMES: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  TRANSPARENCY_LOG_KEY_FILE: z.string().min(1).optional(),
  TRANSPARENCY_WITNESSES: z
    .string()
    .regex(
      /^\s*(?:[a-z0-9][a-z0-9.-]{0,63}=[A-Za-z0-9+/]{40,400}={0,2}\s*(?:,\s*[a-z0-9][a-z0-9.-]{0,63}=[A-Za-z0-9+/]{40,400}={0,2}\s*)*)?$/,
      'must be name=<base64 SPKI DER of the witness key>, several separated by commas (seccam-device witness init prints it)',
    )
    .optional(),
  TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
  SECCAM_POLICY_ARC: z.string().min(1).max(128).optional(),
});

export type Env = Record<string, string | undefined>;

/** Where `npm run codegen` writes the SDK's trusted-document manifest (relative to the repository root, like `web/dist`). */
export const TRUSTED_DOCUMENTS_FILE = 'device/src/gql/persisted-documents.json';

/** The validated, frozen server configuration. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** Absolute directory for embedded state: PGlite files, PKI, mail drop, dev master secret. */
  readonly dataDir: string;
  /** A PostgreSQL server; absent means the embedded PGlite database in `dataDir/db`. */
  readonly databaseUrl: string | undefined;
  /**
   * NATS server(s) for the event bus and live frames between instances (`nats://host:4222`,
   * comma-separated for a cluster); absent means PostgreSQL LISTEN/NOTIFY (src/transport.ts).
   */
  readonly natsUrl: string | undefined;
  /** The origin users browse to; it is part of the signed login challenge. */
  readonly publicOrigin: string;
  /** Origins accepted on WebSocket upgrades and state-changing HTTP requests. */
  readonly allowedOrigins: readonly string[];
  /** Base64 master secret; absent means "generate one into dataDir on first start". */
  readonly masterSecretB64: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Trust `X-Forwarded-For` (only behind nginx). */
  readonly trustProxy: boolean;
  readonly webRoot: string;
  /** Extra DNS names / IPs for the API's TLS certificate (e.g. `api` inside docker-compose). */
  readonly tlsHostnames: readonly string[];
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /**
   * PKCS#8 PEM of the key that signs audit checkpoints (created on first start). Keep it apart
   * from the master secret — ideally on another volume — so one leak cannot forge both.
   */
  readonly auditCheckpointKeyFile: string;
  /**
   * PKCS#8 PEM of the key that signs the certificate transparency log's tree heads (created on
   * first start). Neither the CA key nor the checkpoint key: each signs one kind of statement.
   */
  readonly transparencyLogKeyFile: string;
  /**
   * The witnesses whose cosignatures the log accepts and serves (`TRANSPARENCY_WITNESSES`,
   * `name=<base64 SPKI DER>,…`; docs/PROTOCOL.md §10 "Witness"). Empty: no witness.
   */
  readonly transparencyWitnesses: readonly { readonly name: string; readonly publicKeySpkiB64: string }[];
  /**
   * The manifest of the documents codegen generated (`persisted-documents.json`); in production
   * the API runs only these ([Note: trusted documents] in graphql/trusted-documents.ts).
   */
  readonly trustedDocumentsFile: string;
  /**
   * The role-policy arc a new CA is made with and an existing one must have (`SECCAM_POLICY_ARC`,
   * [Note: policy OID arc]); undefined: the default (documentation) arc. Checked by ensurePki.
   */
  readonly policyArc: string | undefined;
}

/** Thrown when the environment is invalid; `problems` lists every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** `name=<base64>` pairs (already matched by the schema); a name given twice is a configuration error. */
function parseWitnesses(text: string | undefined): Config['transparencyWitnesses'] {
  const witnesses = (text ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), publicKeySpkiB64: pair.slice(at + 1) };
    });
  const names = witnesses.map((w) => w.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new ConfigError([`TRANSPARENCY_WITNESSES: the witness ${twice.join(', ')} is listed twice`]);
  return Object.freeze(witnesses.map((w) => Object.freeze(w)));
}

/** Parses `env` (normally `process.env`) into a frozen {@link Config}, or throws {@link ConfigError}. */
export function loadConfig(env: Env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const publicOrigin = new URL(e.PUBLIC_ORIGIN ?? `https://localhost:${e.PORT}`).origin;
  const extraOrigins = (e.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new URL(s).origin);
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    publicOrigin,
    allowedOrigins: [...new Set([publicOrigin, ...extraOrigins])],
    masterSecretB64: e.SECCAM_MASTER_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    webRoot: resolve(e.WEB_ROOT ?? 'web/dist'),
    tlsHostnames: (e.TLS_HOSTNAMES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    auditCheckpointKeyFile: resolve(e.AUDIT_CHECKPOINT_KEY_FILE ?? join(e.DATA_DIR, 'audit', 'checkpoint.key')),
    transparencyLogKeyFile: resolve(e.TRANSPARENCY_LOG_KEY_FILE ?? join(e.DATA_DIR, 'transparency', 'log.key')),
    transparencyWitnesses: parseWitnesses(e.TRANSPARENCY_WITNESSES),
    trustedDocumentsFile: resolve(e.TRUSTED_DOCUMENTS_FILE ?? TRUSTED_DOCUMENTS_FILE),
    policyArc: e.SECCAM_POLICY_ARC,
    ...overrides,
  };
  return Object.freeze(config);
}
