/**
 * Test support: runs in Chromium (bundled by camera-encoder.test.ts) with the fake camera and
 * microphone. Encodes for a while, then decodes every packet of every item with WebCodecs decoders
 * configured from the items' own track records, as a viewer would.
 */
import { decodeMediaPayload, type MediaPayload, type TrackConfig } from '@seccam/schema';
import { CameraEncoder, type CameraEncoderOptions, type CameraItem, type CameraStats } from './camera-encoder.ts';

export interface EncodeInput {
  readonly seconds: number;
  readonly frameMode: 'video-frame' | 'grouped';
  readonly source: 'auto' | 'video-element';
  readonly codec: 'vp8' | 'vp9';
}

export interface EncodeResult {
  readonly stats: CameraStats;
  readonly items: number;
  /** Every item's flags agree with its payload: INIT ⇔ track records, KEYFRAME ⇔ first video packet is key. */
  readonly flagsAgree: boolean;
  readonly firstIsInit: boolean;
  readonly tracks: readonly string[];
  /** Media timestamps (s) of the video key packets. */
  readonly keyframesAtS: readonly number[];
  readonly videoPackets: number;
  readonly audioPackets: number;
  readonly decodedVideoFrames: number;
  readonly decodedAudioData: number;
  readonly decodeErrors: readonly string[];
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly mediaSpanS: number;
}

export async function encode(input: EncodeInput): Promise<EncodeResult> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  const items: CameraItem[] = [];
  const errors: string[] = [];
  const options: CameraEncoderOptions = {
    stream,
    codec: input.codec,
    frameMode: input.frameMode,
    source: input.source,
    onItem: (item) => items.push(item),
    onError: (error) => errors.push(error.message),
  };
  const encoder = await CameraEncoder.start(options);
  await new Promise((resolve) => setTimeout(resolve, input.seconds * 1000));
  await encoder.stop();
  for (const track of stream.getTracks()) track.stop();
  const decoded = await decodeAll(items.map((item) => decodeMediaPayload(item.payload)));
  const payloads = items.map((item) => decodeMediaPayload(item.payload));
  const flagsAgree = items.every((item, i) => {
    const payload = payloads[i] as MediaPayload;
    const firstVideo = payload.packets.find((packet) => packet.trackId === 0);
    return item.init === payload.tracks.length > 0 && item.keyframe === (firstVideo?.key === true) && (!item.keyframe || item.init);
  });
  const packets = payloads.flatMap((payload) => payload.packets);
  const latencies = items.map((item) => item.latencyMs).sort((a, b) => a - b);
  const last = packets.at(-1);
  return {
    stats: encoder.stats,
    items: items.length,
    flagsAgree,
    firstIsInit: items[0]?.init === true,
    tracks: (payloads[0]?.tracks ?? []).map((track) => `${track.trackId}:${track.kind}:${track.codec}`),
    keyframesAtS: packets.filter((packet) => packet.trackId === 0 && packet.key).map((packet) => packet.timestampUs / 1e6),
    videoPackets: packets.filter((packet) => packet.trackId === 0).length,
    audioPackets: packets.filter((packet) => packet.trackId === 1).length,
    decodedVideoFrames: decoded.video,
    decodedAudioData: decoded.audio,
    decodeErrors: [...errors, ...decoded.errors],
    latencyMs: { p50: latencies[Math.floor(latencies.length / 2)] ?? 0, p95: latencies[Math.floor(latencies.length * 0.95)] ?? 0 },
    mediaSpanS: last === undefined ? 0 : (last.timestampUs - (packets[0]?.timestampUs ?? 0)) / 1e6,
  };
}

/** Decodes every packet with decoders configured from the payloads' track records. */
async function decodeAll(payloads: readonly MediaPayload[]): Promise<{ video: number; audio: number; errors: string[] }> {
  const errors: string[] = [];
  let video = 0;
  let audio = 0;
  const videoDecoder = new VideoDecoder({
    output: (frame) => {
      video += 1;
      frame.close();
    },
    error: (error) => errors.push(`video: ${error.message}`),
  });
  const audioDecoder = new AudioDecoder({
    output: (data) => {
      audio += 1;
      data.close();
    },
    error: (error) => errors.push(`audio: ${error.message}`),
  });
  const configure = (track: TrackConfig): void => {
    if (track.kind === 'video' && videoDecoder.state === 'unconfigured')
      videoDecoder.configure({ codec: track.codec, codedWidth: track.codedWidth, codedHeight: track.codedHeight });
    if (track.kind === 'audio' && audioDecoder.state === 'unconfigured')
      audioDecoder.configure({ codec: track.codec, sampleRate: track.sampleRate, numberOfChannels: track.numberOfChannels });
  };
  for (const payload of payloads) {
    payload.tracks.forEach(configure);
    for (const packet of payload.packets) {
      const init = {
        type: packet.key ? 'key' : 'delta',
        timestamp: packet.timestampUs,
        duration: packet.durationUs,
        data: packet.data,
      } as const;
      if (packet.trackId === 0) videoDecoder.decode(new EncodedVideoChunk(init));
      else audioDecoder.decode(new EncodedAudioChunk(init));
    }
  }
  await Promise.all([videoDecoder.flush(), audioDecoder.flush()]).catch((error: unknown) => errors.push(String(error)));
  return { video, audio, errors };
}
