/**
 * Test support: runs in Chromium (bundled by browser-round-trip.test.ts, served from the API's
 * own origin) and drives the SDK through its package entry with the browser transport only:
 * the page's fetch and WebSocket, the session in the page's cookie jar. Two steps, `record`
 * (driver) and `watch` (dispatcher), each run in its own browser context.
 */
import {
  Recorder,
  WatchClient,
  createClient,
  createGrant,
  exportStream,
  groupIntoPayloads,
  identityFromBundle,
  login,
  syntheticSource,
  verifyEvidenceExport,
  type SyntheticSourceOptions,
  type WatchedFrame,
} from '@seccam/device';
import type { BundleContents } from '@seccam/pki';
import { bytesToBase64, encodeMediaPayload } from '@seccam/schema';

export interface RecordInput {
  readonly contents: BundleContents;
  readonly totp: string;
  readonly dispatcher: string;
  /** Deterministic media ([Note: synthetic test source]), so the test can compute the same payloads. */
  readonly source: SyntheticSourceOptions;
}

export interface RecordResult {
  readonly streamId: string;
  readonly endSeq: number;
  readonly recipients: readonly string[];
  /** The sealed plaintexts, in seq order, the END frame's included. */
  readonly sealedB64: readonly string[];
}

export interface WatchInput {
  readonly contents: BundleContents;
  readonly totp: string;
  readonly streamId: string;
}

export interface WatchResult {
  readonly status: string;
  readonly verified: number;
  readonly ended: string;
  readonly frames: readonly { readonly seq: number; readonly epoch: number; readonly end: boolean; readonly payloadB64: string | null }[];
  readonly unreadable: readonly string[];
  readonly evidence: {
    readonly ok: boolean;
    readonly frames?: number;
    readonly decrypted?: boolean;
    readonly ended?: string;
    readonly reason?: string;
  };
}

async function signIn(contents: BundleContents, totp: string) {
  const client = createClient(); // the page's origin, the browser's fetch and WebSocket
  await login(client, contents, totp);
  return { client, identity: await identityFromBundle(contents) };
}

/** The driver: grants the dispatcher, seals and uploads the source over /ws/ingest, ends with the signed END frame. */
async function record(input: RecordInput): Promise<RecordResult> {
  const { client, identity } = await signIn(input.contents, input.totp);
  await createGrant(client, identity, { dispatcher: input.dispatcher, scope: 'all' });
  const media = syntheticSource(input.source);
  const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs: Date.now() });
  const recorder = await Recorder.start({ client, identity, title: 'browser round trip' });
  for (const group of groups) await recorder.push(group);
  const endSeq = await recorder.end();
  const sealed = [...groups.map((group) => group.payload), encodeMediaPayload({ tracks: [], packets: [] })];
  return { streamId: recorder.streamId, endSeq, recipients: recorder.currentEpoch?.recipients ?? [], sealedB64: sealed.map(bytesToBase64) };
}

/** The dispatcher: watches from seq 0 over /ws/watch (verify, unwrap, decrypt), then exports and verifies evidence. */
async function watch(input: WatchInput): Promise<WatchResult> {
  const { client, identity } = await signIn(input.contents, input.totp);
  const frames: WatchedFrame[] = [];
  const unreadable: string[] = [];
  const watcher = new WatchClient({ client, identity, streamId: input.streamId, from: 0, onFrame: (frame) => void frames.push(frame) });
  watcher.on('unreadable', (failure) => unreadable.push(`${failure.seq ?? '?'}: ${failure.reason}`));
  await watcher.start();
  const outcome = await watcher.whenDone();
  const exported = await exportStream(client, identity, input.streamId);
  const verified = await verifyEvidenceExport(exported.bytes, { rootPem: input.contents.rootPem, encPrivateKey: identity.encPrivateKey });
  return {
    status: outcome.status,
    verified: outcome.chain.verified,
    ended: outcome.chain.ended,
    frames: frames.map((frame) => ({
      seq: frame.seq,
      epoch: frame.epoch,
      end: frame.end,
      payloadB64: frame.payload === null ? null : bytesToBase64(encodeMediaPayload(frame.payload)),
    })),
    unreadable,
    evidence: verified.ok
      ? { ok: true, frames: verified.report.frames, decrypted: verified.report.decrypted, ended: verified.report.ended }
      : { ok: false, reason: `${verified.reason}: ${verified.detail}` },
  };
}

/** The two steps; the page's own module publishes them on `window.roundTrip`. */
export const roundTrip = { record, watch };
