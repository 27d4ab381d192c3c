/**
 * Evidence export from the server (docs/PROTOCOL.md §9): the frames come from a watch replay from seq 0
 * (verified on the way, without decrypting), the key material from `epochKeys`, and the file is
 * built by the evidence helpers. A driver or an authorised dispatcher can export.
 */
import type { EpochKey, SignedKeySet } from '@seccam/pki';
import { buildEvidenceExport } from '../evidence/build-evidence.ts';
import { signKnownCertificates } from '../evidence/known-certificates.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { ensureTrustedCertificate } from './certificate-trust.ts';
import { EpochKeyRing } from './epoch-key-ring.ts';
import type { Identity } from './identity.ts';
import { fetchEpochKeys } from './stream-operations.ts';
import { StreamingError } from './streaming-error.ts';
import { WatchClient } from './watch-client.ts';

export interface ExportStreamOptions {
  /** Put the epoch secrets in the file (anyone holding it can decrypt) instead of your wrapped keys. */
  readonly discloseKeys?: boolean;
  /** Called as frames arrive: how many so far. */
  readonly onProgress?: (frames: number) => void;
  /**
   * Exporting one's own stream: add the signed list of the certificates this client holds
   * ([Note: known certificates in evidence]; default true). Ignored for another driver's stream.
   */
  readonly knownCertificates?: boolean;
}

export interface StreamExport {
  readonly bytes: Uint8Array;
  readonly frames: number;
  readonly epochs: readonly number[];
  /** `signed` when the stream's END frame is included, else "ended unsigned at seq lastSeq". */
  readonly ended: 'signed' | 'unsigned';
}

/**
 * Replays the stream from seq 0 up to its head when the export starts and builds the file.
 * @throws StreamingError (watch failure, `KEY` when a key of some epoch is missing), EvidenceError
 */
export async function exportStream(
  client: SeccamClient,
  identity: Identity,
  streamId: string,
  options: ExportStreamOptions = {},
): Promise<StreamExport> {
  const frames: Uint8Array[] = [];
  const epochs = new Set<number>();
  const replay = new WatchClient({
    client,
    identity,
    streamId,
    from: 0,
    purpose: 'export',
    decrypt: false,
    untilHead: true,
    onFrame: (frame) => {
      frames.push(frame.frameBytes);
      epochs.add(frame.epoch);
      options.onProgress?.(frames.length);
    },
  });
  const subscribed = await replay.start();
  if (subscribed.headSeq === null) {
    await replay.close();
    throw new StreamingError('INVALID_ARGUMENT', `stream ${streamId} has no frames yet: nothing to export`);
  }
  const outcome = await replay.whenDone();
  const stream = replay.stream;
  if (stream === null) throw new StreamingError('PROTOCOL', 'the replay finished without the stream description');
  const epochList = [...epochs].sort((a, b) => a - b);
  const driverKey = await ensureTrustedCertificate(
    stream.sigCertificatePem,
    identity.anchors,
    {
      kind: 'sig',
      username: stream.owner,
      at: new Date(stream.createdAt),
      log: { follower: client.log, proof: stream.sigCertificateLogProof },
    },
    `driver ${stream.owner}`,
  );
  const keys =
    options.discloseKeys === true
      ? { kind: 'disclosed' as const, epochKeys: await disclosedKeys(client, identity, streamId, driverKey.publicKey, epochList) }
      : { kind: 'wrapped' as const, recipient: identity.encSerialHex, keySets: await ownKeySets(client, identity, streamId, epochList) };
  const bytes = await buildEvidenceExport({
    streamId,
    frames,
    driverSigCertPem: stream.sigCertificatePem,
    chainPems: identity.anchors.intermediatePems,
    rootPem: identity.anchors.rootPem,
    keys,
    exporter: { username: identity.username, sigCertPem: identity.sigCertPem, sigPrivateKey: identity.sigPrivateKey },
    driver: stream.owner,
    driverCertLogProof: stream.sigCertificateLogProof,
    ...(stream.owner === identity.username && options.knownCertificates !== false
      ? { knownCertificates: await signKnownCertificates(identity, [identity.sigCertPem, identity.encCertPem]) }
      : {}),
  });
  return { bytes, frames: frames.length, epochs: epochList, ended: outcome.chain.ended === 'signed' ? 'signed' : 'unsigned' };
}

async function ownKeySets(client: SeccamClient, identity: Identity, streamId: string, epochs: readonly number[]): Promise<SignedKeySet[]> {
  const records = await fetchEpochKeys(client, streamId);
  return epochs.map((epoch) => {
    const own = records.find((r) => r.epoch === epoch && r.recipientSerial === identity.encSerialHex);
    if (own === undefined)
      throw new StreamingError(
        'KEY',
        `no key of epoch ${epoch} is wrapped to your certificate ${identity.encSerialHex}: the export could not be opened`,
      );
    return {
      streamId,
      epoch,
      entries: [{ recipient: own.recipientSerial, wrappedKeyB64: own.wrappedKeyB64 }],
      signatureB64: own.signatureB64,
    };
  });
}

async function disclosedKeys(
  client: SeccamClient,
  identity: Identity,
  streamId: string,
  driverSigPublicKey: CryptoKey,
  epochs: readonly number[],
): Promise<EpochKey[]> {
  const ring = new EpochKeyRing(client, streamId, identity, driverSigPublicKey);
  const keys: EpochKey[] = [];
  for (const epoch of epochs) {
    const result = await ring.keyFor(epoch);
    if (!result.ok) throw new StreamingError('KEY', result.message);
    keys.push(result.epochKey);
  }
  return keys;
}
