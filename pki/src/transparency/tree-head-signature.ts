import { encodeTreeHeadStatement, type TreeHeadFields } from '@seccam/schema';
import { EC_CURVE } from '../key-algorithms.ts';
import { PkiError } from '../pki-error.ts';
import { checkStatementSignature, signStatement, type StatementSignatureCheck } from '../statement-signature.ts';

// [Note: tree head signatures]
// The log signs the tree head statement (its bytes: `encodeTreeHeadStatement` in @seccam/schema,
// [Note: tree head statement]) with its own statement key: ECDSA P-256 / SHA-256, raw r||s,
// 64 bytes ([Note: signed statements]). A witness that has checked the new head against the
// last one it cosigned (`verifyConsistency`) cosigns the same bytes with its own statement key,
// through the same function. A client checks each signature with the key it expects for that
// role: the log's key, whose id must be the head's `logIdHex`, or a witness's.

/**
 * Signs a tree head with the log's (or, as a cosignature, a witness's) statement private key.
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
 * Checks a log signature or a witness cosignature over a tree head. Answers as data: `malformed`
 * when the fields cannot form a statement, `signature` when the signature is not 64 bytes or does
 * not verify with `publicKey`. It checks the signature only: the caller picks the key it trusts
 * for the role and, for the log's signature, that `fields.logIdHex` is that key's id.
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

function assertP256Key(key: CryptoKey, type: KeyType, usage: KeyUsage): void {
  const algorithm = key.algorithm as Partial<EcKeyAlgorithm>;
  if (key.type !== type || algorithm.name !== 'ECDSA' || algorithm.namedCurve !== EC_CURVE || !key.usages.includes(usage)) {
    throw new PkiError('KEY_MALFORMED', `expected an ECDSA ${EC_CURVE} ${type} key that may ${usage}`);
  }
}
