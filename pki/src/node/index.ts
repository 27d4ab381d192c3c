/**
 * `@seccam/pki/node`: Node-only helpers (filesystem). The CLI is `pki/src/node/cli.ts`.
 */
export {
  ensurePki,
  pkiPaths,
  SERVICE_RENEW_BEFORE_MS,
  type EnsurePkiOptions,
  type PkiMaterial,
  type PkiNames,
  type PkiPaths,
} from './ensure-pki.ts';
export { CERT_MODE, KEY_MODE } from './pki-files.ts';
export { ensureStatementKeyFile } from './statement-key-file.ts';
export { nodeFrameCrypto } from './node-frame-crypto.ts';
