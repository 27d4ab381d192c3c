import { encodeTreeHeadStatement, type TreeHeadFields } from '@seccam/schema';
import { EC_CURVE } from '../key-algorithms.ts';
import { PkiError } from '../pki-error.ts';
import { checkStatementSignature, signStatement, type StatementSignatureCheck } from '../statement-signature.ts';

// [Note: tree head signatures]
// The log signs the tree head statement (its bytes: `encodeTreeHeadStatement` in @seccam/schema,
// [Note: tree head statement]) with its own statement key: ECDSA P-256 / SHA-256, raw r||s,
// 64 bytes ([Note: signed statements]). A witness that has checked the new head against the
// last one it cosigned (`verifyConsistency`) signs a statement of its own, the cosignature
// statement ([Note: tree head cosignature], tree-head-cosignature.ts), with its own statement
// key. A client checks each signature with the key it expects for that role: the log's key,
// whose id must be the head's `logIdHex`, or a witness's it was configured with.

/**
 * Signs a tree head with the log's statement private key.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @returns the 64-byte raw `r||s` signature
 * @throws TypeError for fields the statement refuses; PkiError `KEY_MALFORMED` for a key that is not a P-256 signing key
 */
export async function signTreeHead(fields: TreeHeadFields, privateKey: CryptoKey, crypto: Crypto = globalThis.crypto): Promise<Uint8Array> {
  const statement = encodeTreeHeadStatement(fields);
  assertP256Key(privateKey, 'private', 'sign');
  return signStatement(statement, privateKey, crypto);
}

/** The outcome of {@link verifyTreeHeadSignature}. */
export type TreeHeadSignatureCheck = StatementSignatureCheck;

/**
 * Checks a log signature over a tree head. Answers as data: `malformed`
 * when the fields cannot form a statement, `signature` when the signature is not 64 bytes or does
 * not verify with `publicKey`. It checks the signature only: the caller picks the log key it
 * trusts and checks that `fields.logIdHex` is that key's id.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `KEY_MALFORMED` for a key that is not a P-256 verification key
 */
export async function verifyTreeHeadSignature(
  fields: TreeHeadFields,
  signature: Uint8Array,
  publicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<TreeHeadSignatureCheck> {
  assertP256Key(publicKey, 'public', 'verify');
  if (!(signature instanceof Uint8Array)) return { ok: false, reason: 'signature', message: 'the signature is not bytes' };
  return checkStatementSignature('tree head', () => encodeTreeHeadStatement(fields), signature, publicKey, crypto);
}

/** Throws PkiError `KEY_MALFORMED` unless `key` is an ECDSA P-256 key of `type` that may be used to `usage`. */
export function assertP256Key(key: CryptoKey, type: KeyType, usage: KeyUsage): void {
  const algorithm = key.algorithm as Partial<EcKeyAlgorithm>;
  if (key.type !== type || algorithm.name !== 'ECDSA' || algorithm.namedCurve !== EC_CURVE || !key.usages.includes(usage)) {
    throw new PkiError('KEY_MALFORMED', `expected an ECDSA ${EC_CURVE} ${type} key that may ${usage}`);
  }
}
