import { BufferTarget, EncodedAudioPacketSource, EncodedPacket, EncodedVideoPacketSource, Output, WebMOutputFormat } from 'mediabunny';
import type { MediaPacket, TrackConfig } from '@seccam/schema';
import { MediaFileError } from './media-file-error.ts';
import { webmAudioCodecOf, webmVideoCodecOf } from './webm-codec.ts';

const MICROS_PER_SECOND = 1_000_000;

type PacketSink = (packet: EncodedPacket) => Promise<void>;

/**
 * Muxes tracks and packets (decode order, as `readMediaFile` returns or a viewer collects
 * them) into a WebM file with mediabunny: the reverse of `readMediaFile`, for a viewer's
 * download or `verify-export`. Packet bytes, key flags and order are kept exactly. Matroska
 * stores whole milliseconds, so timestamps are rounded to the millisecond. Durations are not
 * stored per block: a demuxer infers each from the next block of its cluster, so the last block
 * of a cluster reads back with duration 0. (Declaring a frame rate would record a default
 * duration, but mediabunny then snaps timestamps to that grid, which moves packets.)
 * @throws MediaFileError `UNSUPPORTED_CODEC` for a codec WebM cannot hold ([Note: codec names]),
 *   `BAD_FIELD` for a packet of an unknown track, `NO_MEDIA` for no tracks
 */
export async function writeWebm(tracks: readonly TrackConfig[], packets: readonly MediaPacket[]): Promise<Uint8Array> {
  if (tracks.length === 0) throw new MediaFileError('NO_MEDIA', 'a WebM file needs at least one track');
  const target = new BufferTarget();
  const output = new Output({ format: new WebMOutputFormat(), target });
  const sinks = new Map<number, PacketSink>();
  for (const track of tracks) sinks.set(track.trackId, addTrack(output, track));
  try {
    await output.start();
    for (const packet of packets) {
      const sink = sinks.get(packet.trackId);
      if (sink === undefined) throw new MediaFileError('BAD_FIELD', `packet of unconfigured track ${packet.trackId}`);
      const type = packet.key ? 'key' : 'delta';
      await sink(new EncodedPacket(packet.data, type, packet.timestampUs / MICROS_PER_SECOND, packet.durationUs / MICROS_PER_SECOND));
    }
    await output.finalize();
  } catch (error) {
    if (output.state !== 'finalized') await output.cancel();
    if (error instanceof MediaFileError) throw error;
    throw new MediaFileError('BAD_FIELD', 'the muxer refused the media', { cause: error });
  }
  if (target.buffer === null) throw new Error('mediabunny finalized without a buffer');
  return new Uint8Array(target.buffer);
}

/** Adds one track with its decoder configuration up front (so tracks without packets are valid too). */
function addTrack(output: Output, track: TrackConfig): PacketSink {
  const description = track.description.byteLength > 0 ? track.description : undefined;
  if (track.kind === 'video') {
    const codec = webmVideoCodecOf(track.codec);
    if (codec === null) throw unsupported(track);
    const source = new EncodedVideoPacketSource(codec);
    const decoderConfig: VideoDecoderConfig = {
      codec: track.codec,
      codedWidth: track.codedWidth,
      codedHeight: track.codedHeight,
      description,
    };
    output.addVideoTrack(source, { decoderConfig });
    return sinkOf((packet, meta) => source.add(packet, meta), { decoderConfig });
  }
  const codec = webmAudioCodecOf(track.codec);
  if (codec === null) throw unsupported(track);
  const source = new EncodedAudioPacketSource(codec);
  const decoderConfig: AudioDecoderConfig = {
    codec: track.codec,
    sampleRate: track.sampleRate,
    numberOfChannels: track.numberOfChannels,
    description,
  };
  output.addAudioTrack(source, { decoderConfig });
  return sinkOf((packet, meta) => source.add(packet, meta), { decoderConfig });
}

/** A packet sink passing the chunk metadata (the decoder config) with the first packet, as mediabunny asks. */
function sinkOf<M>(add: (packet: EncodedPacket, meta?: M) => Promise<void>, firstMeta: M): PacketSink {
  let first = true;
  return (packet) => {
    const meta = first ? firstMeta : undefined;
    first = false;
    return add(packet, meta);
  };
}

function unsupported(track: TrackConfig): MediaFileError {
  return new MediaFileError('UNSUPPORTED_CODEC', `track ${track.trackId} (${track.codec}): WebM holds VP8, VP9, AV1, Opus and Vorbis only`);
}
