/**
 * Server secrets, all derived by HKDF-SHA256 from one master secret.
 *
 * [Note: one master secret]
 * Operators manage a single value (`SECCAM_MASTER_SECRET`). Each purpose gets its own key
 * through HKDF with a distinct `info` label, so a key leaked from one purpose (say, the
 * session cookie key) tells nothing about another (the TOTP encryption key). In the embedded
 * default the master secret is generated on first start into `dataDir/master.key` (mode
 * 0600) and reused afterwards; nothing secret is ever committed or logged.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 32-byte keys, one per purpose. */
export interface ServerSecrets {
  /** jose `dir` + A256GCM key for the session cookie. */
  readonly sessionKey: Uint8Array;
  /** AES-256-GCM key encrypting TOTP secrets at rest. */
  readonly totpKey: Uint8Array;
  /** AES-256-GCM key encrypting e-mail addresses at rest. */
  readonly emailKey: Uint8Array;
  /** HMAC key for the e-mail uniqueness hash (so equal addresses collide without being readable). */
  readonly emailHashKey: Uint8Array;
  /** HMAC key for hashing one-time tokens (e-mail verification) before storing them. */
  readonly tokenPepper: Uint8Array;
  /** HMAC key chaining the audit log. */
  readonly auditKey: Uint8Array;
  /** HMAC key for the fake login challenges of unknown users (no enumeration). */
  readonly challengeKey: Uint8Array;
}

const PURPOSES = [
  'sessionKey',
  'totpKey',
  'emailKey',
  'emailHashKey',
  'tokenPepper',
  'auditKey',
  'challengeKey',
] as const satisfies readonly (keyof ServerSecrets)[];

/** Derives every purpose key from `master` (≥ 32 bytes). */
export function deriveSecrets(master: Uint8Array): ServerSecrets {
  if (master.length < 32) throw new Error('The master secret must be at least 32 bytes.');
  const out: Partial<Record<keyof ServerSecrets, Uint8Array>> = {};
  for (const purpose of PURPOSES) {
    out[purpose] = new Uint8Array(hkdfSync('sha256', master, new Uint8Array(0), `seccam/v1 ${purpose}`, 32));
  }
  return Object.freeze(out as ServerSecrets);
}

/**
 * Returns the master secret: from the environment when given, else from `dataDir/master.key`,
 * generating that file (0600) on first start.
 */
export function loadMasterSecret(masterSecretB64: string | undefined, dataDir: string): Uint8Array {
  if (masterSecretB64) return decodeMaster(masterSecretB64, 'SECCAM_MASTER_SECRET');
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return decodeMaster(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return new Uint8Array(secret);
}

function decodeMaster(b64: string, source: string): Uint8Array {
  const bytes = Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 32) throw new Error(`${source} must hold at least 32 random bytes (openssl rand -base64 32).`);
  return new Uint8Array(bytes);
}
