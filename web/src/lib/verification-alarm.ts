/**
 * What a viewer is told when a frame fails verification (docs/PROTOCOL.md §4 names the checks):
 * which check, at which seq, what it means, and what to do. The one vocabulary of the player and
 * the live wall. Pure, so every reason's wording is tested without a browser.
 */
import { CONTACT_CERTIFICATE_CHANGED, type WatchFailure } from '@seccam/device';

/** The alarm kinds people are told about; several verifier reasons share one. */
export type AlarmKind =
  'signature' | 'chain' | 'order' | 'gap' | 'truncated' | 'stream' | 'key' | 'certificate' | 'contact' | 'malformed' | 'other';

export interface VerificationAlarm {
  readonly kind: AlarmKind;
  /** The seq where it happened (null when the bytes did not decode as a frame). */
  readonly seq: number | null;
  /** One line: the check and the seq, e.g. "Signature failure at seq 12". */
  readonly title: string;
  /** What was found, in words. */
  readonly detail: string;
}

const KIND_OF: Readonly<Record<WatchFailure['reason'] | 'certificate' | typeof CONTACT_CERTIFICATE_CHANGED, AlarmKind>> = {
  signature: 'signature',
  'detached-init': 'signature',
  chain: 'chain',
  order: 'order',
  duplicate: 'order',
  epoch: 'order',
  'after-end': 'order',
  gap: 'gap',
  truncated: 'truncated',
  stream: 'stream',
  'no-key': 'key',
  'key-set': 'key',
  unwrap: 'key',
  decrypt: 'key',
  malformed: 'malformed',
  payload: 'other',
  // Not a frame check: the driver's signing certificate did not verify against the pinned root.
  certificate: 'certificate',
  // Not a frame check: the signer is not the certificate of a driver this viewer verified ([Note: verified contacts]).
  [CONTACT_CERTIFICATE_CHANGED]: 'contact',
};

/** The alarm kind a verifier (FrameVerifier, WatchFrameProcessor, EpochKeyRing) failure reason raises. */
export function alarmKindOf(reason: string): AlarmKind {
  return (KIND_OF as Partial<Record<string, AlarmKind>>)[reason] ?? 'other';
}

/** What to do, the same for every alarm: the recording is evidence of tampering, not of the drive. */
export const ALARM_ADVICE =
  'The frames before it verified; nothing from here on can be trusted. Tell the driver and your administrator: what the server stores for this recording was changed (evidence files saved earlier, and the driver’s device, still hold the original).';

/**
 * The alarm for `failure`; `lastVerifiedSeq` (the last frame that verified before it) gives the
 * range a gap left out.
 */
export function verificationAlarm(
  failure: Pick<WatchFailure, 'seq' | 'message'> & { readonly reason: string },
  lastVerifiedSeq: number | null,
  owner: string,
): VerificationAlarm {
  const kind = alarmKindOf(failure.reason);
  const seq = failure.seq;
  const at = seq === null ? 'after the last verified frame' : `at seq ${seq}`;
  switch (kind) {
    case 'signature':
      return {
        kind,
        seq,
        title: `Signature failure at seq ${seq ?? '?'}`,
        detail: `Frame ${seq ?? '?'} is not signed by @${owner}’s key: its video, header or signature was changed after recording.`,
      };
    case 'chain':
      return {
        kind,
        seq,
        title: `Broken chain at seq ${seq ?? '?'}`,
        detail: `Frame ${seq ?? '?'} does not follow frame ${seq === null ? '?' : seq - 1}: a frame was replaced or re-signed out of order.`,
      };
    case 'order':
      return {
        kind,
        seq,
        title: `Order failure at seq ${seq ?? '?'}`,
        detail: `Frame ${seq ?? '?'} arrived out of place (${failure.message}): frames were swapped, repeated or appended.`,
      };
    case 'gap': {
      const from = lastVerifiedSeq === null ? 0 : lastVerifiedSeq + 1;
      const to = seq === null ? null : seq - 1;
      const range = to === null || to <= from ? `frame ${from} is` : `frames ${from}–${to} are`;
      return { kind, seq, title: `Gap at seq ${from}`, detail: `${range} missing: the next frame the server sent was seq ${seq ?? '?'}.` };
    }
    case 'truncated':
      return {
        kind,
        seq,
        title: `Truncated at seq ${seq ?? '?'}`,
        detail: `The server says the recording ended, but it stops ${at} without @${owner}’s signed END frame: its end was cut off.`,
      };
    case 'stream':
      return {
        kind,
        seq,
        title: `Foreign frame at seq ${seq ?? '?'}`,
        detail: `Frame ${seq ?? '?'} belongs to another recording: it was moved into this one.`,
      };
    case 'key':
      return {
        kind,
        seq,
        title: `Key failure at seq ${seq ?? '?'}`,
        detail: `The key for frame ${seq ?? '?'} could not be used (${failure.reason}): ${failure.message}`,
      };
    case 'certificate':
      return {
        kind,
        seq,
        title: 'Untrusted signing certificate',
        detail: `@${owner}’s signing certificate does not verify against your pinned root (${failure.message}): nothing it signed can be trusted.`,
      };
    case 'contact':
      return {
        kind,
        seq,
        title: 'Not the certificate you verified',
        detail: `This recording is signed with a certificate in @${owner}’s name that is not the one you verified with them: nothing it signed is shown. Compare the safety code with @${owner} again before trusting it.`,
      };
    case 'malformed':
      return { kind, seq, title: `Unreadable frame ${at}`, detail: `The server sent bytes that are not a frame: ${failure.message}` };
    case 'other':
      return { kind, seq, title: `Unreadable media at seq ${seq ?? '?'}`, detail: failure.message };
  }
}
