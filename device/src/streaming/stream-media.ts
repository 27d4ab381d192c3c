/**
 * A stream's decrypted media, read from the server for a download: a verified replay from the
 * genesis (`WatchClient`, from seq 0 up to the head when it starts), each frame decrypted with
 * the viewer's keys, the packets collected for `writeWebm`.
 */
import type { MediaPacket, StreamInfoRecord, TrackConfig, WatchPurpose } from '@seccam/schema';
import type { SeccamClient } from '../client/seccam-client.ts';
import { MediaCollector } from '../media/media-collector.ts';
import type { Identity } from './identity.ts';
import { StreamingError } from './streaming-error.ts';
import { WatchClient } from './watch-client.ts';
import type { WatchFailure } from './watch-frames.ts';

export interface ReadStreamMediaOptions {
  /** What the owner's access history records (default `download`). */
  readonly purpose?: WatchPurpose;
  /** Called after each delivered frame: frames so far, and how many the replay will deliver. */
  readonly onProgress?: (frames: number, total: number) => void;
}

export interface StreamMedia {
  /** The title and start the driver signed ([Note: signed stream info]); null when the frames carry none. */
  readonly info: StreamInfoRecord | null;
  readonly tracks: readonly TrackConfig[];
  readonly packets: readonly MediaPacket[];
  /** Frames delivered (verified). */
  readonly frames: number;
  /** Verified frames whose media could not be read (no key for their epoch, …), with why. */
  readonly unreadable: readonly WatchFailure[];
  /** `signed` when the replay reached the driver's END frame, else "ended unsigned at seq lastSeq". */
  readonly ended: 'signed' | 'unsigned';
  readonly lastSeq: number | null;
}

/**
 * Replays and decrypts a whole stream (as far as it is stored when the call starts).
 * @throws StreamingError (`VERIFICATION` with the failing seq, `INVALID_ARGUMENT` when the stream has no
 *   frames, `CLOSED` when access was revoked meanwhile), GraphQLRequestError
 */
export async function readStreamMedia(
  client: SeccamClient,
  identity: Identity,
  streamId: string,
  options: ReadStreamMediaOptions = {},
): Promise<StreamMedia> {
  const media = new MediaCollector();
  const unreadable: WatchFailure[] = [];
  let frames = 0;
  let total = 0;
  const replay = new WatchClient({
    client,
    identity,
    streamId,
    from: 0,
    purpose: options.purpose ?? 'download',
    untilHead: true,
    onFrame: (frame) => {
      media.add(frame.payload);
      frames += 1;
      options.onProgress?.(frames, total);
    },
  });
  replay.on('subscribed', (message) => {
    total = (message.headSeq ?? -1) + 1;
  });
  replay.on('unreadable', (failure) => {
    unreadable.push(failure);
    frames += 1;
    options.onProgress?.(frames, total);
  });
  const subscribed = await replay.start();
  if (subscribed.headSeq === null) {
    await replay.close();
    throw new StreamingError('INVALID_ARGUMENT', `stream ${streamId} has no frames yet: nothing to download`);
  }
  const outcome = await replay.whenDone();
  if (outcome.status === 'revoked' || outcome.status === 'closed')
    throw new StreamingError(
      outcome.status === 'revoked' ? 'CLOSED' : 'STOPPED',
      `the download stopped (${outcome.status}) at seq ${outcome.chain.lastSeq ?? 'none'}`,
      {
        ...(outcome.closeCode === null ? {} : { closeCode: outcome.closeCode }),
      },
    );
  return {
    info: media.info,
    tracks: media.tracks,
    packets: media.packets,
    frames,
    unreadable,
    ended: outcome.chain.ended === 'signed' ? 'signed' : 'unsigned',
    lastSeq: outcome.chain.lastSeq,
  };
}
