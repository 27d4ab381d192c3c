/**
 * What the transparency tests check the way a client will: a signed head against the key it
 * publishes, and a proof against the head, with pki's verifiers and schema's entry bytes only.
 */
import { decodePem, hashLeaf, importStatementPublicKey, verifyInclusion, verifyTreeHeadSignature, type InclusionCheck } from '@seccam/pki';
import { base64ToBytes, bytesToHex, encodeLogEntry, type LogEntry, type TreeHeadFields } from '@seccam/schema';

export const HEAD_FIELDS = 'treeSize rootHashB64 timestamp logIdHex signatureB64 logPublicKeyPem';
export const PROOF_FIELDS = 'leafIndex treeSize auditPathB64';
export const LOG_PROOF_FIELDS = `${PROOF_FIELDS} treeHead { ${HEAD_FIELDS} }`;

export interface RemoteTreeHead {
  readonly treeSize: number;
  readonly rootHashB64: string;
  readonly timestamp: string;
  readonly logIdHex: string;
  readonly signatureB64: string;
  readonly logPublicKeyPem: string;
}

export interface RemoteInclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly auditPathB64: string[];
}

export interface RemoteLogProof extends RemoteInclusionProof {
  readonly treeHead: RemoteTreeHead;
}

export function headFields(head: RemoteTreeHead): TreeHeadFields {
  return {
    logIdHex: head.logIdHex,
    treeSize: head.treeSize,
    rootHashHex: bytesToHex(base64ToBytes(head.rootHashB64)),
    timestamp: new Date(head.timestamp),
  };
}

/** True when the head's signature verifies with the key it names, and the key is `expectedLogIdHex`. */
export async function isSignedHead(head: RemoteTreeHead, expectedLogIdHex: string): Promise<boolean> {
  const { publicKey, keyIdHex } = await importStatementPublicKey(head.logPublicKeyPem);
  if (keyIdHex !== expectedLogIdHex || head.logIdHex !== expectedLogIdHex) return false;
  return (await verifyTreeHeadSignature(headFields(head), base64ToBytes(head.signatureB64), publicKey)).ok;
}

export async function leafHashOf(entry: LogEntry): Promise<Uint8Array> {
  return hashLeaf(encodeLogEntry(entry));
}

export function issuedEntry(certificatePem: string): LogEntry {
  return { type: 'certificate-issued', certificateDer: decodePem(certificatePem, 'CERTIFICATE') };
}

/** Checks `proof` of `entry` against `head` (same size), as a client would. */
export async function checkInclusion(entry: LogEntry, proof: RemoteInclusionProof, head: RemoteTreeHead): Promise<InclusionCheck> {
  if (proof.treeSize !== head.treeSize) throw new Error(`proof for size ${proof.treeSize}, head of size ${head.treeSize}`);
  return verifyInclusion({
    leafIndex: proof.leafIndex,
    treeSize: proof.treeSize,
    leafHash: await leafHashOf(entry),
    proof: proof.auditPathB64.map((h) => base64ToBytes(h)),
    rootHash: base64ToBytes(head.rootHashB64),
  });
}

/** A certificate's embedded proof, checked end to end: the head's signature, then the inclusion. */
export async function isProvenInLog(certificatePem: string, proof: RemoteLogProof | null, expectedLogIdHex: string): Promise<boolean> {
  if (!proof || !(await isSignedHead(proof.treeHead, expectedLogIdHex))) return false;
  return (await checkInclusion(issuedEntry(certificatePem), proof, proof.treeHead)).ok;
}
