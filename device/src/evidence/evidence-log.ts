/**
 * The transparency log proof an evidence file carries for the driver's signing certificate, and
 * its offline check (docs/PROTOCOL.md §9, "Log proof").
 *
 * [Note: log proof in evidence]
 * A chain to the pinned root shows that the platform's CA issued the driver's certificate; it
 * does not show that the certificate was issued in the open. From version 2 an export carries
 * the certificate's log entry as the exporter's client received and checked it: the leaf index,
 * the leaf hash of the entry `0x01 || DER` ([Note: log entry] in @seccam/schema), the inclusion
 * path, and the signed tree head the path leads to, with the log's public key. A verifier checks
 * it with no network, in this order:
 * 1. `log-unknown-key`: the key sent with the head has the head's key id, and that id is the
 *    log id the verifier pinned (its bundle's or the platform's, never the file's own: any key
 *    signs a head);
 * 2. `log-signature`: the head's signature verifies with that key;
 * 3. `log-entry-mismatch`: the leaf hash is that of the driver's certificate in the file;
 * 4. `log-proof`: the path leads from the leaf at its index to the head's root (RFC 9162 §2.1.3.2).
 * Without a pinned log id, steps 2–4 still run with the file's key (a damaged proof is refused)
 * and the entry is reported `unpinned`: consistent, but proven by a key nobody vouched for.
 */
import { decodePem, hashLeaf, importStatementPublicKey, isPkiError, verifyInclusion, verifyTreeHeadSignature } from '@seccam/pki';
import { base64ToBytes, bytesEqual, bytesToBase64, bytesToHex, encodeLogEntry } from '@seccam/schema';
import type { LogProofInfo } from '../transparency/log-follower.ts';

/** A signed tree head as the file carries it ([Note: tree head statement] fields, the signature and the log key). */
export interface EvidenceTreeHead {
  readonly treeSize: number;
  readonly rootHashB64: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly timestamp: string;
  readonly logIdHex: string;
  readonly signatureB64: string;
  /** The log key (SPKI PEM), to check the signature offline; trusted only through the pinned log id. */
  readonly logPublicKeyPem: string;
}

/** A certificate's log entry and its inclusion proof in a signed head ([Note: log proof in evidence]). */
export interface EvidenceLogProof {
  readonly leafIndex: number;
  /** SHA-256(0x00 || 0x01 || DER), base64: the RFC 9162 leaf hash of the certificate's issued entry. */
  readonly leafHashB64: string;
  /** Sibling hashes from the leaf up, base64. */
  readonly auditPathB64: readonly string[];
  readonly treeHead: EvidenceTreeHead;
}

/** What the verifier shows beside the chain: where the certificate is in the log. */
export interface LogEntryFacts {
  readonly leafIndex: number;
  readonly leafHashHex: string;
  readonly treeSize: number;
  readonly headTimestamp: string;
  readonly logIdHex: string;
}

/**
 * The log as the verifier found it: `none` (the file carries no proof: an older export, or an
 * exporter without one), `verified` against the pinned log id, or `unpinned` (consistent, but
 * no log id was pinned to check the key against).
 */
export type EvidenceLogStatus = { readonly status: 'none' } | { readonly status: 'verified' | 'unpinned'; readonly entry: LogEntryFacts };

export type LogProofFailureReason = 'log-unknown-key' | 'log-signature' | 'log-entry-mismatch' | 'log-proof';

export type LogProofCheck =
  EvidenceLogStatus | { readonly status: 'failed'; readonly reason: LogProofFailureReason; readonly detail: string };

/** The leaf hash of a certificate's issued entry ([Note: log entry]). */
export async function certificateLeafHash(certPem: string): Promise<Uint8Array> {
  return hashLeaf(encodeLogEntry({ type: 'certificate-issued', certificateDer: decodePem(certPem, 'CERTIFICATE') }));
}

/** The proof the API sent (and the exporter's LogFollower accepted) in the file's form. */
export async function evidenceLogProofOf(proof: LogProofInfo, certPem: string): Promise<EvidenceLogProof> {
  const head = proof.treeHead;
  return {
    leafIndex: proof.leafIndex,
    leafHashB64: bytesToBase64(await certificateLeafHash(certPem)),
    auditPathB64: [...proof.auditPathB64],
    treeHead: {
      treeSize: head.treeSize,
      rootHashB64: head.rootHashB64,
      timestamp: new Date(head.timestamp).toISOString(),
      logIdHex: head.logIdHex,
      signatureB64: head.signatureB64,
      logPublicKeyPem: head.logPublicKeyPem,
    },
  };
}

/**
 * Checks `proof` for `certPem` offline ([Note: log proof in evidence]); the manifest parser has
 * checked the shapes already (base64, 32-byte hashes, a head statement's fields).
 * @param pinnedLogIdHex the log id the verifier trusts; undefined: `unpinned` at best
 */
export async function checkLogProof(
  certPem: string,
  proof: EvidenceLogProof | null,
  pinnedLogIdHex: string | undefined,
  crypto: Crypto = globalThis.crypto,
): Promise<LogProofCheck> {
  if (proof === null) return { status: 'none' };
  const head = proof.treeHead;
  let publicKey: CryptoKey;
  let keyIdHex: string;
  try {
    ({ publicKey, keyIdHex } = await importStatementPublicKey(head.logPublicKeyPem, crypto));
  } catch (error) {
    if (isPkiError(error)) return failed('log-unknown-key', `the log key in the file is not an ECDSA P-256 public key (${error.code})`);
    throw error;
  }
  if (keyIdHex !== head.logIdHex)
    return failed('log-unknown-key', `the log key in the file has id ${keyIdHex}, not the head's ${head.logIdHex}`);
  if (pinnedLogIdHex !== undefined && head.logIdHex !== pinnedLogIdHex)
    return failed('log-unknown-key', `the tree head is from log ${head.logIdHex}, not the pinned log ${pinnedLogIdHex}`);
  const fields = {
    logIdHex: head.logIdHex,
    treeSize: head.treeSize,
    rootHashHex: bytesToHex(base64ToBytes(head.rootHashB64)),
    timestamp: new Date(head.timestamp),
  };
  const signature = await verifyTreeHeadSignature(fields, base64ToBytes(head.signatureB64), publicKey, crypto);
  if (!signature.ok) return failed('log-signature', `the tree head is not signed by the log key: ${signature.message}`);
  const leafHash = base64ToBytes(proof.leafHashB64);
  if (!bytesEqual(leafHash, await certificateLeafHash(certPem)))
    return failed('log-entry-mismatch', `log entry ${proof.leafIndex} is not the driver's signing certificate of this file`);
  const inclusion = await verifyInclusion({
    leafIndex: proof.leafIndex,
    treeSize: head.treeSize,
    leafHash,
    proof: proof.auditPathB64.map(base64ToBytes),
    rootHash: base64ToBytes(head.rootHashB64),
  });
  if (!inclusion.ok)
    return failed(
      'log-proof',
      `the inclusion proof of log entry ${proof.leafIndex} is not valid (${inclusion.reason}): ${inclusion.message}`,
    );
  return {
    status: pinnedLogIdHex === undefined ? 'unpinned' : 'verified',
    entry: {
      leafIndex: proof.leafIndex,
      leafHashHex: bytesToHex(leafHash),
      treeSize: head.treeSize,
      headTimestamp: head.timestamp,
      logIdHex: head.logIdHex,
    },
  };
}

function failed(reason: LogProofFailureReason, detail: string): LogProofCheck {
  return { status: 'failed', reason, detail };
}
