import { exportEpochKey, isEpochKeyFor, signStatement, type EpochKey } from '@seccam/pki';
import { FrameError, bytesToBase64, decodeFrame, type DecodedFrame } from '@seccam/schema';
import type { LogProofInfo } from '../transparency/log-follower.ts';
import { EvidenceError } from './evidence-error.ts';
import { appendExporterSignature, encodeEvidenceBody } from './evidence-file.ts';
import { evidenceLogProofOf } from './evidence-log.ts';
import {
  parseManifest,
  serializeManifest,
  type EvidenceKeys,
  type EvidenceManifest,
  type EvidenceParty,
  type WrappedEvidenceKeys,
} from './evidence-manifest.ts';
import type { KnownCertificates } from './known-certificates.ts';

/** Whoever builds the export: it is signed with their `sig` key. */
export interface EvidenceExporter extends EvidenceParty {
  readonly sigPrivateKey: CryptoKey;
}

/**
 * What opens the export: the driver-signed key sets of every epoch in the stream (the server
 * returns them) with the `enc` certificate serial of the entry that will be used, or the epoch
 * keys themselves, disclosed in the file (for a court or an insurer's expert).
 */
export type EvidenceKeyMaterial = WrappedEvidenceKeys | { readonly kind: 'disclosed'; readonly epochKeys: readonly EpochKey[] };

export interface BuildEvidenceInput {
  readonly streamId: string;
  /** Every frame of the stream from seq 0, exactly as stored. */
  readonly frames: readonly Uint8Array[];
  /** The driver's `sig` certificate the stream was recorded under (its genesis hash commits to it). */
  readonly driverSigCertPem: string;
  /** Intermediate CA certificates. */
  readonly chainPems: readonly string[];
  readonly rootPem: string;
  readonly keys: EvidenceKeyMaterial;
  readonly exporter: EvidenceExporter;
  /** The driver's username. */
  readonly driver: string;
  /** Export time (default now). */
  readonly createdAt?: Date;
  /**
   * The driver certificate's log proof as the API sent it beside the stream, after the exporter's
   * LogFollower accepted it ([Note: log proof in evidence]); absent or null: the file has none.
   */
  readonly driverCertLogProof?: LogProofInfo | null;
  /** The driver's signed list of the certificates she holds ([Note: known certificates in evidence]). */
  readonly knownCertificates?: KnownCertificates;
}

/**
 * Builds an evidence file (docs/PROTOCOL.md, "Evidence export"; [Note: evidence container]).
 * Checks what it can without the verifier's trust: the frames decode, belong to the stream
 * and run from seq 0 without holes, and the key material covers exactly the stream's epochs.
 * Trust (root, chain, signatures) is `verifyEvidenceExport`'s job.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws EvidenceError `BAD_INPUT` for anything that would make a file the verifier refuses
 */
export async function buildEvidenceExport(input: BuildEvidenceInput, crypto: Crypto = globalThis.crypto): Promise<Uint8Array> {
  const frames = input.frames.map((bytes, index) => decodeInputFrame(bytes, index, input.streamId));
  if (frames.length === 0) throw new EvidenceError('BAD_INPUT', 'an export holds at least one frame');
  const epochs = [...new Set(frames.map((frame) => frame.header.epoch))].sort((a, b) => a - b);
  const manifest: EvidenceManifest = {
    streamId: input.streamId,
    exportedAt: (input.createdAt ?? new Date()).toISOString(),
    exporter: { username: input.exporter.username, sigCertPem: input.exporter.sigCertPem },
    driver: { username: input.driver, sigCertPem: input.driverSigCertPem },
    chainPems: input.chainPems,
    rootPem: input.rootPem,
    frameCount: frames.length,
    keys: evidenceKeysOf(input.keys, input.streamId, epochs),
    ...(input.driverCertLogProof == null
      ? {}
      : { driverCertLog: await evidenceLogProofOf(input.driverCertLogProof, input.driverSigCertPem) }),
    ...(input.knownCertificates === undefined ? {} : { knownCertificates: input.knownCertificates }),
  };
  ensureParses(manifest);
  const body = encodeEvidenceBody(manifest, input.frames);
  return appendExporterSignature(body, await signStatement(body, input.exporter.sigPrivateKey, crypto));
}

function decodeInputFrame(bytes: Uint8Array, index: number, streamId: string): DecodedFrame {
  let frame: DecodedFrame;
  try {
    frame = decodeFrame(bytes);
  } catch (error) {
    if (error instanceof FrameError) throw new EvidenceError('BAD_INPUT', `frame ${index}: ${error.message}`, { cause: error });
    throw error;
  }
  if (frame.header.streamId !== streamId) throw new EvidenceError('BAD_INPUT', `frame ${index} belongs to stream ${frame.header.streamId}`);
  if (frame.header.seq !== index)
    throw new EvidenceError('BAD_INPUT', `frame ${index} has seq ${frame.header.seq}: an export holds the stream from seq 0 in order`);
  return frame;
}

function evidenceKeysOf(material: EvidenceKeyMaterial, streamId: string, epochs: readonly number[]): EvidenceKeys {
  if (material.kind === 'wrapped') {
    const keySets = epochs.map((epoch) => {
      const set = material.keySets.find((candidate) => candidate.streamId === streamId && candidate.epoch === epoch);
      if (set === undefined) throw new EvidenceError('BAD_INPUT', `no key set for epoch ${epoch}`);
      if (!set.entries.some((entry) => entry.recipient === material.recipient)) {
        throw new EvidenceError('BAD_INPUT', `the key set of epoch ${epoch} has no entry for ${material.recipient}`);
      }
      return set;
    });
    return { kind: 'wrapped', recipient: material.recipient, keySets };
  }
  const secrets = epochs.map((epoch) => {
    const key = material.epochKeys.find((candidate) => isEpochKeyFor(candidate, { streamId, epoch }));
    if (key === undefined) throw new EvidenceError('BAD_INPUT', `no epoch key for epoch ${epoch}`);
    return { epoch, secretB64: bytesToBase64(exportEpochKey(key)) };
  });
  return { kind: 'disclosed', epochs: secrets };
}

/** The builder never writes a manifest the parser would refuse. */
function ensureParses(manifest: EvidenceManifest): void {
  try {
    parseManifest(new TextEncoder().encode(serializeManifest(manifest)));
  } catch (error) {
    if (error instanceof EvidenceError) throw new EvidenceError('BAD_INPUT', error.message, { cause: error });
    throw error;
  }
}
