import {
  decodePem,
  genesisPrevHash,
  importCertificatePublicKey,
  isPkiError,
  isStatementSignedBy,
  verifyChain,
  verifyFrameSequence,
  type FrameFailureReason,
} from '@seccam/pki';
import { bytesEqual, type MediaPacket, type StreamInfoRecord, type TrackConfig } from '@seccam/schema';
import { EvidenceError, type EvidenceErrorCode } from './evidence-error.ts';
import { decodeEvidenceFile, type EvidenceFile } from './evidence-file.ts';
import { resolveEpochKeys } from './evidence-keys.ts';
import { checkLogProof, type EvidenceLogStatus, type LogProofFailureReason } from './evidence-log.ts';
import { checkKnownCertificates, type KnownCertificates } from './known-certificates.ts';
import { openEvidenceMedia } from './evidence-media.ts';
import type { EvidenceParty } from './evidence-manifest.ts';

export interface VerifyEvidenceOptions {
  /** The verifier's own pinned root (its bundle or configuration), never the file's: the file's root must equal it. */
  readonly rootPem: string;
  /** CRLs to apply to the driver's and the exporter's certificates. */
  readonly crlPems?: readonly string[];
  /**
   * The id of the transparency log the verifier trusts (SHA-256 of the log key's SPKI, as its
   * bundle's client or the platform pins it), never the file's own key: the log proof's head must
   * be signed by that key. Without it the proof is checked with the file's key and reported
   * `unpinned` ([Note: log proof in evidence]).
   */
  readonly logIdHex?: string;
  /** The `enc` private key of the recipient named in wrapped key material; without it nothing is decrypted. */
  readonly encPrivateKey?: CryptoKey;
  /** Called as frames pass a step: `frames` (chain and signatures), then `media` (decryption), for a progress bar. */
  readonly onProgress?: (progress: EvidenceProgress) => void;
}

/** How far verification is: `done` of `total` frames passed `step`. */
export interface EvidenceProgress {
  readonly step: 'frames' | 'media';
  readonly done: number;
  readonly total: number;
}

/** The first failed check, in verification order ([Note: evidence verification]). */
export type EvidenceFailureReason =
  | 'malformed'
  | 'untrusted-certificate'
  | Extract<FrameFailureReason, 'stream' | 'duplicate' | 'order' | 'after-end' | 'gap' | 'epoch' | 'chain' | 'signature'>
  | 'export-signature'
  | LogProofFailureReason
  | 'known-certificates'
  | 'foreign-certificate'
  | 'key'
  | 'decrypt'
  | 'payload';

/** What a verified evidence file proves, for display and for the record. */
export interface EvidenceReport {
  readonly streamId: string;
  /** The driver's username, as certified. */
  readonly driver: string;
  readonly driverCertSerial: string;
  readonly exporter: string;
  readonly exporterCertSerial: string;
  readonly exportedAt: string;
  readonly frames: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** `signed`: the driver's END frame closes the stream; `unsigned`: "ended unsigned at seq lastSeq". */
  readonly ended: 'signed' | 'unsigned';
  readonly epochs: readonly number[];
  /** Capture times of the earliest and latest frame, ms since the Unix epoch. */
  readonly firstCaptureTs: number;
  readonly lastCaptureTs: number;
  readonly keys: 'wrapped' | 'disclosed';
  /** Every frame was decrypted and its media decoded (false: wrapped keys and no `encPrivateKey`). */
  readonly decrypted: boolean;
  /** The evidence format version of the file (1: no log proof, no known-certificate list). */
  readonly version: 1 | 2;
  /** The driver's signing certificate in the transparency log ([Note: log proof in evidence]). */
  readonly log: EvidenceLogStatus;
  /** The driver's known-certificate list, when the file has one: the frames' certificate is on it. */
  readonly knownCertificates: KnownCertificatesReport | null;
}

/** A known-certificate list that passed its checks ([Note: known certificates in evidence]). */
export interface KnownCertificatesReport {
  readonly at: string;
  readonly count: number;
  readonly signerCertSerial: string;
  /** The list is signed with the key of the file's exporter (the driver exported her own stream). */
  readonly signedByExporter: boolean;
}

export type EvidenceVerification =
  | {
      readonly ok: true;
      readonly report: EvidenceReport;
      /** The title and start the driver signed in the frames; null when not decrypted or none was signed. */
      readonly info: StreamInfoRecord | null;
      readonly tracks: readonly TrackConfig[];
      readonly packets: readonly MediaPacket[];
    }
  | {
      readonly ok: false;
      readonly reason: EvidenceFailureReason;
      readonly detail: string;
      readonly seq?: number;
      /** For `malformed`: the container's `EvidenceError` code, naming the first problem. */
      readonly code?: EvidenceErrorCode;
    };

type Failure = Extract<EvidenceVerification, { ok: false }>;

interface VerifiedChain {
  readonly ok: true;
  readonly driverKey: CryptoKey;
  readonly ended: 'signed' | 'unsigned';
}

interface TrustFacts {
  readonly ok: true;
  readonly driverCertSerial: string;
  readonly exporterCertSerial: string;
  readonly log: EvidenceLogStatus;
  readonly knownCertificates: KnownCertificatesReport | null;
}

/** What every trust step reads: the decoded file, the caller's options and the WebCrypto provider. */
interface TrustInputs {
  readonly file: EvidenceFile;
  readonly options: VerifyEvidenceOptions;
  readonly crypto: Crypto;
}

interface CertifiedParty {
  readonly ok: true;
  readonly serialHex: string;
  readonly notBefore: Date;
}

const VERIFIER_REASONS: ReadonlySet<string> = new Set(['stream', 'duplicate', 'order', 'after-end', 'gap', 'epoch', 'chain', 'signature']);

/**
 * Verifies an evidence file offline and returns its media.
 *
 * [Note: evidence verification]
 * Checks run in this order and the first failure is reported:
 * 1. `malformed`: the container and manifest parse strictly ([Note: evidence container]).
 * 2. `untrusted-certificate`: the file's root is the pinned root, byte for byte.
 * 3. `export-signature`: the exporter's signature over the file verifies with the key of the
 *    exporter's certificate (trusted in step 5). It comes first because it is the cheapest
 *    proof that the file is unchanged since export: a tampered file costs one ECDSA
 *    verification to refuse, whatever part was changed.
 * 4. the driver's frame chain, from the genesis hash of (streamId, driver certificate), with
 *    the key of that certificate (trusted in step 5): `stream`, `duplicate`, `order`,
 *    `after-end`, `gap`, `epoch`, `chain`, `signature` (docs/PROTOCOL.md §4), with the `seq`
 *    of the offending frame. This holds on its own: the exporter can re-sign a file, but a
 *    frame it changed is still refused here, at its seq. Running it before the trust checks
 *    also means those use capture times the driver signed.
 * 5. `untrusted-certificate`: the driver's `sig` certificate chains to the pinned root with the
 *    driver role and username at the capture time of the last frame (so it was neither expired
 *    nor revoked while recording) and was issued before the first frame; the exporter's `sig`
 *    certificate chains with the exporter's username at the export time.
 * 5a. `log-unknown-key`, `log-signature`, `log-entry-mismatch`, `log-proof`: the driver
 *    certificate's log proof, when the file has one ([Note: log proof in evidence]); none is
 *    reported as `log.status: 'none'`, not refused (older exports have none).
 * 5b. `known-certificates`, `foreign-certificate`: the driver's known-certificate list, when the
 *    file has one, is hers and lists the frames' certificate ([Note: known certificates in evidence]).
 * 6. `key`: the key material covers exactly the epochs used; key sets carry the driver's
 *    signature and an entry for the recipient, which unwraps with `encPrivateKey`.
 * 7. `decrypt`, `payload`: every frame decrypts and its media payload decodes consistently.
 * Malformed *options* (a pinned root that is not a PEM certificate, a key of the wrong type) are
 * the caller's error and throw.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export async function verifyEvidenceExport(
  bytes: Uint8Array,
  options: VerifyEvidenceOptions,
  crypto: Crypto = globalThis.crypto,
): Promise<EvidenceVerification> {
  const pinnedRootDer = decodePem(options.rootPem, 'CERTIFICATE');
  let file: EvidenceFile;
  try {
    file = decodeEvidenceFile(bytes);
  } catch (error) {
    if (error instanceof EvidenceError) return { ok: false, reason: 'malformed', detail: error.message, code: error.code };
    throw error;
  }
  const { manifest, frames } = file;
  if (!bytesEqual(decodePem(manifest.rootPem, 'CERTIFICATE'), pinnedRootDer)) {
    return untrusted('the file names another root than the pinned one');
  }
  const exportSignature = await checkExportSignature(file, crypto);
  if (exportSignature !== null) return exportSignature;
  const chain = await checkFrames(file, options.onProgress, crypto);
  if (!chain.ok) return chain;

  const captureTimes = frames.map((frame) => frame.header.captureTs);
  const firstCaptureTs = Math.min(...captureTimes);
  const lastCaptureTs = Math.max(...captureTimes);
  const trust = await checkTrust({ file, options, crypto }, firstCaptureTs, lastCaptureTs);
  if (!trust.ok) return trust;

  const epochs = [...new Set(frames.map((frame) => frame.header.epoch))].sort((a, b) => a - b);
  const keys = await resolveEpochKeys(manifest.keys, manifest.streamId, epochs, chain.driverKey, options.encPrivateKey, crypto);
  if (!keys.ok) return keys;
  const report: Omit<EvidenceReport, 'decrypted'> = {
    streamId: manifest.streamId,
    driver: manifest.driver.username,
    driverCertSerial: trust.driverCertSerial,
    exporter: manifest.exporter.username,
    exporterCertSerial: trust.exporterCertSerial,
    exportedAt: manifest.exportedAt,
    frames: frames.length,
    firstSeq: 0,
    lastSeq: frames.length - 1,
    ended: chain.ended,
    epochs,
    firstCaptureTs,
    lastCaptureTs,
    keys: manifest.keys.kind,
    version: file.version,
    log: trust.log,
    knownCertificates: trust.knownCertificates,
  };
  if (keys.keys === null) return { ok: true, report: { ...report, decrypted: false }, info: null, tracks: [], packets: [] };
  const media = await openEvidenceMedia(frames, keys.keys, crypto, options.onProgress);
  if (!media.ok) return media;
  return { ok: true, report: { ...report, decrypted: true }, info: media.info, tracks: media.tracks, packets: media.packets };
}

/** Steps 5–5b: the certificates chain to the pinned root, the log proof, the known-certificate list. */
async function checkTrust(inputs: TrustInputs, firstCaptureTs: number, lastCaptureTs: number): Promise<TrustFacts | Failure> {
  const { file, options, crypto } = inputs;
  const { manifest } = file;
  const driver = await certify(inputs, manifest.driver, 'driver', new Date(lastCaptureTs));
  if (!driver.ok) return driver;
  if (driver.notBefore.getTime() > firstCaptureTs)
    return untrusted(`driver certificate: not-yet-valid at ${new Date(firstCaptureTs).toISOString()}`);
  const exporter = await certify(inputs, manifest.exporter, 'exporter', new Date(manifest.exportedAt));
  if (!exporter.ok) return exporter;
  const log = await checkLogProof(manifest.driver.sigCertPem, manifest.driverCertLog ?? null, options.logIdHex, crypto);
  if (log.status === 'failed') return { ok: false, reason: log.reason, detail: log.detail };
  const known = manifest.knownCertificates === undefined ? null : await checkKnownList(inputs, manifest.knownCertificates);
  if (known !== null && 'ok' in known) return known;
  return { ok: true, driverCertSerial: driver.serialHex, exporterCertSerial: exporter.serialHex, log, knownCertificates: known };
}

/** The list is the driver's (its signer chains as the driver at the list's time) and names the frames' certificate. */
async function checkKnownList(inputs: TrustInputs, list: KnownCertificates): Promise<KnownCertificatesReport | Failure> {
  const { manifest } = inputs.file;
  if (list.holder !== manifest.driver.username)
    return {
      ok: false,
      reason: 'known-certificates',
      detail: `the known-certificate list is ${list.holder}'s, not the driver ${manifest.driver.username}'s`,
    };
  const signer = await certify(inputs, { username: list.holder, sigCertPem: list.signerCertPem }, 'driver', new Date(list.at));
  if (!signer.ok) return { ok: false, reason: 'known-certificates', detail: `the known-certificate list's signer: ${signer.detail}` };
  const check = await checkKnownCertificates(list, manifest.driver.username, manifest.driver.sigCertPem, inputs.crypto);
  if (!check.ok) return { ok: false, reason: check.reason, detail: check.detail };
  return {
    at: list.at,
    count: list.certificateSha256Hex.length,
    signerCertSerial: signer.serialHex,
    signedByExporter: bytesEqual(decodePem(list.signerCertPem, 'CERTIFICATE'), decodePem(manifest.exporter.sigCertPem, 'CERTIFICATE')),
  };
}

/** The exporter's signature over the file, checked with the key of a certificate not yet trusted. */
async function checkExportSignature(file: EvidenceFile, crypto: Crypto): Promise<Failure | null> {
  const exporterKey = await importSigKey(file.manifest.exporter, 'exporter', crypto);
  if ('ok' in exporterKey) return exporterKey;
  const valid = await isStatementSignedBy(file.signedBytes, file.exporterSignature, exporterKey, crypto);
  return valid
    ? null
    : { ok: false, reason: 'export-signature', detail: 'the exporter signature does not verify: the file was changed after export' };
}

/** The driver's hash chain and signatures, with the key of the file's driver certificate (not yet trusted). */
async function checkFrames(
  file: EvidenceFile,
  onProgress: VerifyEvidenceOptions['onProgress'],
  crypto: Crypto,
): Promise<VerifiedChain | Failure> {
  const { manifest, frames } = file;
  const driverKey = await importSigKey(manifest.driver, 'driver', crypto);
  if ('ok' in driverKey) return driverKey;
  const genesis = await genesisPrevHash(manifest.streamId, decodePem(manifest.driver.sigCertPem, 'CERTIFICATE'), crypto);
  const result = await verifyFrameSequence(
    frames,
    {
      streamId: manifest.streamId,
      sigPublicKey: driverKey,
      start: { kind: 'genesis', genesisPrevHash: genesis },
      ...(onProgress === undefined
        ? {}
        : {
            onVerified: (done: number) => {
              onProgress({ step: 'frames', done, total: frames.length });
            },
          }),
    },
    crypto,
  );
  if (!result.ok) {
    const reason = VERIFIER_REASONS.has(result.reason) ? (result.reason as EvidenceFailureReason) : 'malformed';
    return { ok: false, reason, detail: result.message, ...(result.seq === null ? {} : { seq: result.seq }) };
  }
  return { ok: true, driverKey, ended: result.ended === 'signed' ? 'signed' : 'unsigned' };
}

async function importSigKey(party: EvidenceParty, role: 'driver' | 'exporter', crypto: Crypto): Promise<CryptoKey | Failure> {
  try {
    return await importCertificatePublicKey(party.sigCertPem, 'sig', crypto);
  } catch (error) {
    if (isPkiError(error)) return untrusted(`${role} certificate: ${error.message}`);
    throw error;
  }
}

/** Chains a party's `sig` certificate to the pinned root at time `at`, through the file's intermediates. */
async function certify(
  { file, options, crypto }: TrustInputs,
  party: EvidenceParty,
  role: 'driver' | 'exporter',
  at: Date,
): Promise<CertifiedParty | Failure> {
  const check = await verifyChain(
    party.sigCertPem,
    {
      rootPem: options.rootPem,
      intermediatePems: file.manifest.chainPems,
      ...(options.crlPems === undefined ? {} : { crlPems: options.crlPems }),
      at,
      expectedKind: 'sig',
      expectedUsername: party.username,
      ...(role === 'driver' ? { expectedRole: 'driver' as const } : {}),
    },
    crypto,
  );
  if (!check.ok) return untrusted(`${role} certificate: ${check.reason} at ${at.toISOString()}`);
  if (check.holder !== 'driver' && check.holder !== 'dispatcher') return untrusted(`${role} certificate is not a user certificate`);
  return { ok: true, serialHex: check.serialHex, notBefore: check.certificate.notBefore };
}

function untrusted(detail: string): Failure {
  return { ok: false, reason: 'untrusted-certificate', detail };
}
