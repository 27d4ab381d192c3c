import { MAX_CERT_PEM_LENGTH, MAX_INTERMEDIATES, MAX_KEY_SET_ENTRIES, assertUsername, decodePem, type SignedKeySet } from '@seccam/pki';
import {
  base64ToBytes,
  isBase64,
  isUuid,
  knownCertificatesStatementProblem,
  MAX_KNOWN_CERTIFICATES,
  treeHeadStatementProblem,
} from '@seccam/schema';
import { EvidenceError } from './evidence-error.ts';
import type { EvidenceLogProof, EvidenceTreeHead } from './evidence-log.ts';
import type { KnownCertificates } from './known-certificates.ts';

// [Note: evidence manifest]
// The manifest is the JSON section of an evidence file (docs/PROTOCOL.md, "Evidence export").
// It is parsed as hostile input and must be in canonical form: exactly the keys below, in
// this order, compact, with no duplicate keys; the parser rebuilds the typed manifest and
// refuses the text unless re-serialising it gives the same string. Every value then has
// exactly one spelling, which keeps the exporter signature meaningful and lets a byte-level
// test prove that no byte of the file can change unnoticed.
// Version 1 has the keys up to `keys`; version 2 adds `driverCertLog` and `knownCertificates`
// (each null when absent), so a version 1 manifest still parses, as version 1.

/** The container version written ([Note: evidence container]); 1 is still read. */
export const EVIDENCE_VERSION = 2;
/** Every container version read. */
export type EvidenceVersion = 1 | 2;

/** Largest manifest section (key sets of long streams with many recipients stay far below it). */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
/** Most frames in one export: 11.5 days at 10 frames per second. */
export const MAX_EVIDENCE_FRAMES = 10_000_000;
/** Most epochs with key material in one export. */
export const MAX_EVIDENCE_EPOCHS = 65_536;
const MAX_RECIPIENT_LENGTH = 256;
/** Longest inclusion path: one hash per level of a tree of up to 2^53 entries. */
const MAX_AUDIT_PATH = 53;
const MAX_LOG_KEY_PEM_LENGTH = 512;
const EPOCH_SECRET_BYTES = 32;

/** A person in the export: username (certificate CN) and the `sig` certificate. */
export interface EvidenceParty {
  readonly username: string;
  readonly sigCertPem: string;
}

/** One disclosed epoch secret (the raw 32-byte value `exportEpochKey` gives). */
export interface DisclosedEpochSecret {
  readonly epoch: number;
  readonly secretB64: string;
}

/**
 * The key material: either the driver-signed key sets of every epoch, which hold a wrapped key
 * for `recipient` (the `enc` certificate serial of whoever will open the file), or the raw
 * epoch secrets, disclosed so that anyone holding the file can decrypt it (for a court).
 */
export type EvidenceKeys = WrappedEvidenceKeys | { readonly kind: 'disclosed'; readonly epochs: readonly DisclosedEpochSecret[] };

/** Key sets of every epoch holding a wrapped key for `recipient` (an `enc` certificate serial). */
export interface WrappedEvidenceKeys {
  readonly kind: 'wrapped';
  readonly recipient: string;
  readonly keySets: readonly SignedKeySet[];
}

export interface EvidenceManifest {
  readonly streamId: string;
  /** `Date.prototype.toISOString()` form, UTC with milliseconds. */
  readonly exportedAt: string;
  readonly exporter: EvidenceParty;
  readonly driver: EvidenceParty;
  /** Intermediate CA certificates (at most `MAX_INTERMEDIATES`). */
  readonly chainPems: readonly string[];
  /** The root as the exporter knew it; a verifier compares it with its own pinned root. */
  readonly rootPem: string;
  readonly frameCount: number;
  readonly keys: EvidenceKeys;
  /** Version 2: the driver's `sig` certificate's log entry and inclusion proof; absent when the exporter had none. */
  readonly driverCertLog?: EvidenceLogProof;
  /** Version 2: the driver's signed list of the certificates she holds ([Note: known certificates in evidence]). */
  readonly knownCertificates?: KnownCertificates;
}

/**
 * The canonical manifest text ([Note: evidence manifest]).
 * @throws EvidenceError `BAD_INPUT` for a version 1 manifest with version 2 fields
 */
export function serializeManifest(manifest: EvidenceManifest, version: EvidenceVersion = EVIDENCE_VERSION): string {
  const party = (p: EvidenceParty): object => ({ username: p.username, sigCertPem: p.sigCertPem });
  const keys =
    manifest.keys.kind === 'wrapped'
      ? {
          kind: 'wrapped',
          recipient: manifest.keys.recipient,
          keySets: manifest.keys.keySets.map((set) => ({
            streamId: set.streamId,
            epoch: set.epoch,
            entries: set.entries.map((entry) => ({ recipient: entry.recipient, wrappedKeyB64: entry.wrappedKeyB64 })),
            signatureB64: set.signatureB64,
          })),
        }
      : { kind: 'disclosed', epochs: manifest.keys.epochs.map((secret) => ({ epoch: secret.epoch, secretB64: secret.secretB64 })) };
  const v1 = {
    streamId: manifest.streamId,
    exportedAt: manifest.exportedAt,
    exporter: party(manifest.exporter),
    driver: party(manifest.driver),
    chainPems: [...manifest.chainPems],
    rootPem: manifest.rootPem,
    frameCount: manifest.frameCount,
    keys,
  };
  if (version === 1) {
    if (manifest.driverCertLog !== undefined || manifest.knownCertificates !== undefined)
      throw new EvidenceError('BAD_INPUT', 'a version 1 manifest has no log proof and no known-certificate list');
    return JSON.stringify(v1);
  }
  return JSON.stringify({
    ...v1,
    driverCertLog: manifest.driverCertLog === undefined ? null : logProofJson(manifest.driverCertLog),
    knownCertificates: manifest.knownCertificates === undefined ? null : knownJson(manifest.knownCertificates),
  });
}

function logProofJson(proof: EvidenceLogProof): object {
  const h = proof.treeHead;
  return {
    leafIndex: proof.leafIndex,
    leafHashB64: proof.leafHashB64,
    auditPathB64: [...proof.auditPathB64],
    treeHead: {
      treeSize: h.treeSize,
      rootHashB64: h.rootHashB64,
      timestamp: h.timestamp,
      logIdHex: h.logIdHex,
      signatureB64: h.signatureB64,
      logPublicKeyPem: h.logPublicKeyPem,
    },
  };
}

function knownJson(list: KnownCertificates): object {
  return {
    holder: list.holder,
    at: list.at,
    certificateSha256Hex: [...list.certificateSha256Hex],
    signerCertPem: list.signerCertPem,
    signatureB64: list.signatureB64,
  };
}

/**
 * Parses the manifest section strictly ([Note: evidence manifest]).
 * @throws EvidenceError `BAD_MANIFEST` naming the first problem
 */
export function parseManifest(bytes: Uint8Array, version: EvidenceVersion = EVIDENCE_VERSION): EvidenceManifest {
  let text: string;
  let raw: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    raw = JSON.parse(text);
  } catch (error) {
    throw new EvidenceError('BAD_MANIFEST', 'the manifest is not UTF-8 JSON', { cause: error });
  }
  const manifest = readManifest(raw, version);
  if (serializeManifest(manifest, version) !== text) throw bad('the manifest is not in canonical form');
  return manifest;
}

function readManifest(raw: unknown, version: EvidenceVersion): EvidenceManifest {
  const root = record(raw, 'manifest');
  const streamId = text(root.streamId, 'streamId', 36);
  if (!isUuid(streamId)) throw bad('streamId must be a canonical lowercase UUID');
  const chainPems = list(root.chainPems, 'chainPems', 0, MAX_INTERMEDIATES).map((pem, i) => certificatePem(pem, `chainPems[${i}]`));
  return {
    streamId,
    exportedAt: timestamp(root.exportedAt, 'exportedAt'),
    exporter: party(root.exporter, 'exporter'),
    driver: party(root.driver, 'driver'),
    chainPems,
    rootPem: certificatePem(root.rootPem, 'rootPem'),
    frameCount: integer(root.frameCount, 'frameCount', 1, MAX_EVIDENCE_FRAMES),
    keys: keys(root.keys),
    ...(version === 2 && root.driverCertLog !== null ? { driverCertLog: logProof(root.driverCertLog, 'driverCertLog') } : {}),
    ...(version === 2 && root.knownCertificates !== null ? { knownCertificates: knownCertificates(root.knownCertificates) } : {}),
  };
}

/** Shapes only ([Note: log proof in evidence]): `checkLogProof` checks the signature and the path. */
function logProof(raw: unknown, path: string): EvidenceLogProof {
  const value = record(raw, path);
  const auditPathB64 = list(value.auditPathB64, `${path}.auditPathB64`, 0, MAX_AUDIT_PATH).map((hash, i) =>
    hash32(hash, `${path}.auditPathB64[${i}]`),
  );
  return {
    leafIndex: integer(value.leafIndex, `${path}.leafIndex`, 0, Number.MAX_SAFE_INTEGER),
    leafHashB64: hash32(value.leafHashB64, `${path}.leafHashB64`),
    auditPathB64,
    treeHead: treeHead(value.treeHead, `${path}.treeHead`),
  };
}

function treeHead(raw: unknown, path: string): EvidenceTreeHead {
  const value = record(raw, path);
  const head: EvidenceTreeHead = {
    treeSize: integer(value.treeSize, `${path}.treeSize`, 1, Number.MAX_SAFE_INTEGER),
    rootHashB64: hash32(value.rootHashB64, `${path}.rootHashB64`),
    timestamp: timestamp(value.timestamp, `${path}.timestamp`),
    logIdHex: text(value.logIdHex, `${path}.logIdHex`, 64),
    signatureB64: canonicalBase64(value.signatureB64, `${path}.signatureB64`, 64),
    logPublicKeyPem: text(value.logPublicKeyPem, `${path}.logPublicKeyPem`, MAX_LOG_KEY_PEM_LENGTH),
  };
  const problem = treeHeadStatementProblem({
    logIdHex: head.logIdHex,
    treeSize: head.treeSize,
    rootHashHex: '0'.repeat(64),
    timestamp: new Date(head.timestamp),
  });
  if (problem !== null) throw bad(`${path}: ${problem}`);
  return head;
}

function knownCertificates(raw: unknown): KnownCertificates {
  const value = record(raw, 'knownCertificates');
  const known: KnownCertificates = {
    holder: text(value.holder, 'knownCertificates.holder', 64),
    at: timestamp(value.at, 'knownCertificates.at'),
    certificateSha256Hex: list(value.certificateSha256Hex, 'knownCertificates.certificateSha256Hex', 1, MAX_KNOWN_CERTIFICATES).map(
      (hex, i) => text(hex, `knownCertificates.certificateSha256Hex[${i}]`, 64),
    ),
    signerCertPem: certificatePem(value.signerCertPem, 'knownCertificates.signerCertPem'),
    signatureB64: canonicalBase64(value.signatureB64, 'knownCertificates.signatureB64', 64),
  };
  const problem = knownCertificatesStatementProblem({ ...known, at: new Date(known.at) });
  if (problem !== null) throw bad(`knownCertificates: ${problem}`);
  return known;
}

function hash32(raw: unknown, path: string): string {
  return canonicalBase64(raw, path, 32);
}

function canonicalBase64(raw: unknown, path: string, byteLength: number): string {
  const value = text(raw, path, 128);
  if (!isBase64(value) || base64ToBytes(value).byteLength !== byteLength)
    throw bad(`${path} must be ${byteLength} bytes of canonical base64`);
  return value;
}

function party(raw: unknown, path: string): EvidenceParty {
  const value = record(raw, path);
  const username = text(value.username, `${path}.username`, 64);
  try {
    assertUsername(username);
  } catch (error) {
    throw new EvidenceError('BAD_MANIFEST', `${path}.username is not a valid username`, { cause: error });
  }
  return { username, sigCertPem: certificatePem(value.sigCertPem, `${path}.sigCertPem`) };
}

function keys(raw: unknown): EvidenceKeys {
  const value = record(raw, 'keys');
  if (value.kind === 'wrapped') {
    const recipient = text(value.recipient, 'keys.recipient', MAX_RECIPIENT_LENGTH);
    if (!/^[0-9a-f]+$/.test(recipient)) throw bad('keys.recipient must be a certificate serial in lowercase hex');
    const keySets = list(value.keySets, 'keys.keySets', 1, MAX_EVIDENCE_EPOCHS).map((set, i) => keySet(set, `keys.keySets[${i}]`));
    ensureAscending(
      keySets.map((set) => set.epoch),
      'keys.keySets',
    );
    return { kind: 'wrapped', recipient, keySets };
  }
  if (value.kind === 'disclosed') {
    const epochs = list(value.epochs, 'keys.epochs', 1, MAX_EVIDENCE_EPOCHS).map((secret, i) => disclosed(secret, `keys.epochs[${i}]`));
    ensureAscending(
      epochs.map((secret) => secret.epoch),
      'keys.epochs',
    );
    return { kind: 'disclosed', epochs };
  }
  throw bad('keys.kind must be "wrapped" or "disclosed"');
}

/** Shape only: `verifyKeySet` checks the rest (base64, sizes, uniqueness) with the signature. */
function keySet(raw: unknown, path: string): SignedKeySet {
  const value = record(raw, path);
  const entries = list(value.entries, `${path}.entries`, 1, MAX_KEY_SET_ENTRIES).map((entry, i) => {
    const item = record(entry, `${path}.entries[${i}]`);
    return {
      recipient: text(item.recipient, `${path}.entries[${i}].recipient`, MAX_RECIPIENT_LENGTH),
      wrappedKeyB64: text(item.wrappedKeyB64, `${path}.entries[${i}].wrappedKeyB64`, 2048),
    };
  });
  return {
    streamId: text(value.streamId, `${path}.streamId`, 36),
    epoch: integer(value.epoch, `${path}.epoch`, 0, 0xffff_ffff),
    entries,
    signatureB64: text(value.signatureB64, `${path}.signatureB64`, 128),
  };
}

function disclosed(raw: unknown, path: string): DisclosedEpochSecret {
  const value = record(raw, path);
  const secretB64 = text(value.secretB64, `${path}.secretB64`, 64);
  if (!isBase64(secretB64) || base64ToBytes(secretB64).byteLength !== EPOCH_SECRET_BYTES) {
    throw bad(`${path}.secretB64 must be ${EPOCH_SECRET_BYTES} bytes of canonical base64`);
  }
  return { epoch: integer(value.epoch, `${path}.epoch`, 0, 0xffff_ffff), secretB64 };
}

function certificatePem(raw: unknown, path: string): string {
  const pem = text(raw, path, MAX_CERT_PEM_LENGTH);
  try {
    decodePem(pem, 'CERTIFICATE');
  } catch (error) {
    throw new EvidenceError('BAD_MANIFEST', `${path} is not one PEM certificate`, { cause: error });
  }
  return pem;
}

function timestamp(raw: unknown, path: string): string {
  const value = text(raw, path, 24);
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) || Number.isNaN(time) || new Date(time).toISOString() !== value) {
    throw bad(`${path} must be an ISO 8601 UTC time with milliseconds`);
  }
  return value;
}

function ensureAscending(epochs: readonly number[], path: string): void {
  for (let i = 1; i < epochs.length; i++) {
    if ((epochs[i] ?? 0) <= (epochs[i - 1] ?? 0)) throw bad(`${path} must be sorted by epoch without repeats`);
  }
}

function record(raw: unknown, path: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(`${path} must be an object`);
  return raw as Record<string, unknown>;
}

function list(raw: unknown, path: string, min: number, max: number): unknown[] {
  if (!Array.isArray(raw) || raw.length < min || raw.length > max) throw bad(`${path} must be a list of ${min}–${max} items`);
  return raw as unknown[];
}

function text(raw: unknown, path: string, maxLength: number): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength)
    throw bad(`${path} must be a string of 1–${maxLength} characters`);
  return raw;
}

function integer(raw: unknown, path: string, min: number, max: number): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min || raw > max)
    throw bad(`${path} must be an integer in [${min}, ${max}]`);
  return raw;
}

function bad(message: string): EvidenceError {
  return new EvidenceError('BAD_MANIFEST', message);
}
