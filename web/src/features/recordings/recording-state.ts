/**
 * What the driver is told about a recording's state, from what the server reports (docs/PROTOCOL.md §4):
 * a stream is closed only by the driver's signed END frame; without one the honest description
 * is "ended unsigned at seq N" — still being recorded, or the recorder stopped — and `live` is
 * said only when this page sees new frames arrive.
 */
import type { StreamInfo } from '@seccam/device';

export type RecordingState =
  | { readonly kind: 'empty'; readonly label: string }
  | { readonly kind: 'ended'; readonly label: string; readonly lastSeq: number }
  | { readonly kind: 'unsigned'; readonly label: string; readonly lastSeq: number }
  | { readonly kind: 'live'; readonly label: string; readonly lastSeq: number };

type StreamFacts = Pick<StreamInfo, 'endedAt' | 'lastSeq'>;

/** The state of `stream`; `live` when the caller saw frames arrive live. */
export function recordingStateOf(stream: StreamFacts, seenLive = false): RecordingState {
  const lastSeq = stream.lastSeq;
  if (lastSeq === null) return { kind: 'empty', label: 'No frames yet' };
  if (stream.endedAt !== null) return { kind: 'ended', label: 'Ended', lastSeq };
  if (seenLive) return { kind: 'live', label: 'Live', lastSeq };
  return { kind: 'unsigned', label: `Ended unsigned at seq ${lastSeq}`, lastSeq };
}

/** About 100 ms of media per frame (docs/PROTOCOL.md §6), not counting a signed END frame. */
const MS_PER_FRAME = 100;

/**
 * The recording's length as the list can know it without reading the frames: for an ended
 * recording the span from the first frame's capture time to the signed END (exact for a
 * recording made in real time); otherwise an estimate from the frame count (`approximate`).
 * The detail page shows the exact length of the media once it has played.
 */
export function recordingLengthOf(stream: Pick<StreamInfo, 'frameCount' | 'startedAt' | 'endedAt'>): {
  readonly ms: number;
  readonly approximate: boolean;
} {
  if (stream.startedAt !== null && stream.endedAt !== null) {
    return { ms: Math.max(0, Date.parse(stream.endedAt) - Date.parse(stream.startedAt)), approximate: false };
  }
  return { ms: Math.max(0, stream.frameCount) * MS_PER_FRAME, approximate: true };
}
