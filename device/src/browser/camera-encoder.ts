import type { AudioTrackConfig, MediaPacket, TrackConfig, VideoTrackConfig } from '@seccam/schema';
import { PayloadGrouper, type PayloadGroup } from '../media/group-payloads.ts';
import type { RecorderItem } from '../streaming/recorder.ts';
import { CameraError } from './camera-error.ts';
import { readAudio, readVideo, type MediaSource, type SourceKind } from './camera-sources.ts';

// [Note: frames from a live camera]
// A live camera's packets are cut with the same rule as files ([Note: grouping packets into
// frames]): ~100 ms of media per frame by default (`grouped`), a group closing when the packet
// that would stretch it arrives. `video-frame` instead flushes the grouper right after each
// encoded video packet (one frame per picture, with the audio encoded since the previous one),
// so no frame waits for later media. Measured in Chromium on this 2-core machine under a load
// average of ~10 (fake camera 640×480 @ 20 fps, VP8/VP9 1 Mbit/s, Opus; camera-encoder.test.ts
// prints it): capture → item p50 86–97 ms for 100 ms groups and 80–127 ms per video frame. The
// encoder pipeline, not the grouping, dominates under load, so the default stays at 100 ms frames
// (half the signatures, and what docs/PROTOCOL.md §6 describes).

export type VideoCodecChoice = 'vp8' | 'vp9';

export interface CameraEncoderOptions {
  /** Camera (one video track) and, optionally, microphone (one audio track). */
  readonly stream: MediaStream;
  /** Default `vp8` (the cheapest to encode in software). */
  readonly codec?: VideoCodecChoice;
  /** Video bits per second, default 1 000 000. */
  readonly videoBitrate?: number;
  /** Opus bits per second, default 32 000. */
  readonly audioBitrate?: number;
  /** Keyframe interval, default 1000 ms; `requestKeyframe()` forces one sooner. */
  readonly keyframeEveryMs?: number;
  /** `grouped` (default, ~`targetMs` per frame) or `video-frame` ([Note: frames from a live camera]). */
  readonly frameMode?: 'video-frame' | 'grouped';
  /** Media per frame in `grouped` mode, default 100 ms. */
  readonly targetMs?: number;
  /** The title and start the driver signs in every INIT frame ([Note: signed stream info]); default: no title, started now. */
  readonly info?: { readonly title: string; readonly startedAtMs?: number };
  /** `video-element` reads from the `<video>` element even where a track processor exists ([Note: video from the element]). */
  readonly source?: 'auto' | 'video-element';
  /** The element playing the camera (the preview), used when reading from an element. */
  readonly videoElement?: HTMLVideoElement;
  /** Each finished frame's media, in order. */
  readonly onItem: (item: CameraItem) => void;
  /** An encoder failed; the encoder has stopped. */
  readonly onError?: (error: CameraError) => void;
}

/** A frame's media for `Recorder.push`, with what a status display and a latency measurement need. */
export interface CameraItem extends RecorderItem {
  readonly timestampUs: number;
  readonly durationUs: number;
  readonly packetCount: number;
  /** From the capture of the item's first video frame (else its first audio) to this item, ms. */
  readonly latencyMs: number;
}

export interface CameraStats {
  readonly source: SourceKind;
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly videoFrames: number;
  /** Raw frames skipped because the encoder was behind. */
  readonly droppedFrames: number;
  readonly keyframes: number;
  readonly audioPackets: number;
  readonly items: number;
  /** Encoded media bytes so far (before sealing). */
  readonly mediaBytes: number;
}

const VIDEO_TRACK = 0;
const AUDIO_TRACK = 1;
const MAX_ENCODE_QUEUE = 3;
const CODEC_STRINGS: Record<VideoCodecChoice, string> = { vp8: 'vp8', vp9: 'vp09.00.10.08' };

/** What this browser lacks for recording (empty when it has everything). */
export function missingWebCodecs(): string[] {
  return ['VideoEncoder', 'AudioEncoder', 'VideoFrame', 'AudioData'].filter((name) => !(name in globalThis));
}

/**
 * A `MediaStream` to encoded media frames: WebCodecs VP8/VP9 (a keyframe about every second and
 * on request) and Opus, cut into {@link CameraItem}s ([Note: frames from a live camera]). Every
 * raw `VideoFrame` and `AudioData` is closed once encoded or skipped.
 */
export class CameraEncoder {
  readonly #options: CameraEncoderOptions;
  readonly #video: VideoEncoder;
  readonly #audio: AudioEncoder | null;
  readonly #tracks: TrackConfig[];
  readonly #startMs = performance.now();
  readonly #captureStartMs = Date.now();
  /** Per track, what turns its timestamps into media time since the start (µs). */
  readonly #offsetUs = new Map<number, number>();
  /** Capture time (performance.now) of raw video frames and audio data by track and media timestamp, until their packet is out. */
  readonly #capturedAt = new Map<string, number>();
  /** Earliest capture of the open group's video and audio packets. */
  #openCapture = { video: Infinity, audio: Infinity };
  #grouper: PayloadGrouper;
  #sources: MediaSource[] = [];
  #sourceKind: SourceKind = 'track-processor';
  #lastKeyUs: number | null = null;
  #keyRequested = true;
  #stopped = false;
  #failed = false;
  #stats = { videoFrames: 0, droppedFrames: 0, keyframes: 0, audioPackets: 0, items: 0, mediaBytes: 0 };

  private constructor(options: CameraEncoderOptions, video: VideoTrackConfig & { framerate?: number }, audio: AudioTrackConfig | null) {
    this.#options = options;
    const videoTrack: VideoTrackConfig = {
      trackId: video.trackId,
      kind: 'video',
      codec: video.codec,
      codedWidth: video.codedWidth,
      codedHeight: video.codedHeight,
      description: video.description,
    };
    this.#tracks = audio === null ? [videoTrack] : [videoTrack, audio];
    this.#grouper = this.#newGrouper();
    this.#video = new VideoEncoder({
      output: (chunk) => {
        this.#onPacket(VIDEO_TRACK, chunk);
      },
      error: (error) => {
        this.#fail(error);
      },
    });
    this.#video.configure(videoEncoderConfig(options, video));
    this.#audio =
      audio === null
        ? null
        : new AudioEncoder({
            output: (chunk) => {
              this.#onPacket(AUDIO_TRACK, chunk);
            },
            error: (error) => {
              this.#fail(error);
            },
          });
    this.#audio?.configure(audioEncoderConfig(options, audio as AudioTrackConfig));
  }

  /**
   * Checks what the browser supports for this stream, configures the encoders and starts reading.
   * @throws CameraError `NO_WEBCODECS`, `NO_VIDEO`, `UNSUPPORTED`
   */
  static async start(options: CameraEncoderOptions): Promise<CameraEncoder> {
    const missing = missingWebCodecs();
    if (missing.length > 0) {
      throw new CameraError(
        'NO_WEBCODECS',
        `this browser cannot encode video in the page (no ${missing.join(', ')}): use a current Chrome, Edge, Safari or Firefox`,
      );
    }
    const videoTrack = options.stream.getVideoTracks().find((track) => track.readyState === 'live');
    if (videoTrack === undefined) throw new CameraError('NO_VIDEO', 'the camera gives no picture: allow the camera and try again');
    const audioTrack = options.stream.getAudioTracks().find((track) => track.readyState === 'live');
    const settings = videoTrack.getSettings();
    const video: VideoTrackConfig = {
      trackId: VIDEO_TRACK,
      kind: 'video',
      codec: CODEC_STRINGS[options.codec ?? 'vp8'],
      codedWidth: evenSize(settings.width ?? 640),
      codedHeight: evenSize(settings.height ?? 480),
      description: new Uint8Array(),
    };
    const audioSettings = audioTrack?.getSettings();
    const audio: AudioTrackConfig | null =
      audioTrack === undefined
        ? null
        : {
            trackId: AUDIO_TRACK,
            kind: 'audio',
            codec: 'opus',
            sampleRate: audioSettings?.sampleRate ?? 48_000,
            numberOfChannels: Math.min(2, audioSettings?.channelCount ?? 1),
            description: new Uint8Array(),
          };
    const framed = { ...video, ...(settings.frameRate === undefined ? {} : { framerate: settings.frameRate }) };
    await ensureSupported(options, framed, audio);
    const encoder = new CameraEncoder(options, framed, audio);
    encoder.#startSources(videoTrack, audioTrack, settings.frameRate ?? 30);
    return encoder;
  }

  get stats(): CameraStats {
    const video = this.#tracks[0] as VideoTrackConfig;
    return { source: this.#sourceKind, codec: video.codec, width: video.codedWidth, height: video.codedHeight, ...this.#stats };
  }

  /** The next video frame is encoded as a keyframe (after skipped frames, a new epoch, a reconnect). */
  requestKeyframe(): void {
    this.#keyRequested = true;
  }

  /** Stops reading, encodes what is queued and hands over the last item. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const source of this.#sources) source.stop();
    if (!this.#failed) {
      await Promise.all([this.#video.flush(), this.#audio?.flush()]).catch((error: unknown) => {
        this.#fail(error);
      });
    }
    const last = this.#grouper.flush();
    if (last !== null && !this.#failed) this.#emit(last);
    for (const encoder of [this.#video, this.#audio]) if (encoder !== null && encoder.state !== 'closed') encoder.close();
  }

  #startSources(videoTrack: MediaStreamTrack, audioTrack: MediaStreamTrack | undefined, framerate: number): void {
    const preferElement = this.#options.source === 'video-element';
    const ended = (error?: unknown): void => {
      if (error !== undefined) this.#fail(error);
    };
    const video = readVideo(
      videoTrack,
      { preferElement, framerate, ...(this.#options.videoElement ? { video: this.#options.videoElement } : {}) },
      (frame) => {
        this.#onVideoFrame(frame);
      },
      ended,
    );
    this.#sourceKind = video.kind;
    this.#sources.push(video.source);
    if (audioTrack !== undefined && this.#audio !== null) {
      const { sampleRate, numberOfChannels } = this.#tracks[1] as AudioTrackConfig;
      this.#sources.push(
        readAudio(
          audioTrack,
          { preferTap: preferElement, sampleRate, channels: numberOfChannels },
          (data) => {
            this.#onAudioData(data);
          },
          ended,
        ),
      );
    }
  }

  #onVideoFrame(frame: VideoFrame): void {
    try {
      if (this.#stopped || this.#failed) return;
      if (this.#video.encodeQueueSize >= MAX_ENCODE_QUEUE) {
        this.#stats.droppedFrames += 1;
        return;
      }
      const timestampUs = this.#mediaTime(VIDEO_TRACK, frame.timestamp);
      const keyFrame = this.#keyRequested || this.#lastKeyUs === null || timestampUs - this.#lastKeyUs >= this.#keyIntervalUs(frame);
      if (keyFrame) {
        this.#keyRequested = false;
        this.#lastKeyUs = timestampUs;
      }
      this.#capturedAt.set(`${VIDEO_TRACK}:${timestampUs}`, performance.now());
      const stamped = new VideoFrame(frame, { timestamp: timestampUs });
      try {
        this.#video.encode(stamped, { keyFrame });
      } finally {
        stamped.close();
      }
      this.#stats.videoFrames += 1;
    } finally {
      frame.close();
    }
  }

  #onAudioData(data: AudioData): void {
    try {
      if (this.#stopped || this.#failed || this.#audio === null) return;
      const config = this.#tracks[1] as AudioTrackConfig;
      if (data.sampleRate !== config.sampleRate || data.numberOfChannels !== config.numberOfChannels) {
        this.#fail(
          new Error(
            `the microphone delivers ${data.sampleRate} Hz × ${data.numberOfChannels}, not the ${config.sampleRate} Hz × ${config.numberOfChannels} it announced`,
          ),
        );
        return;
      }
      const timestampUs = this.#mediaTime(AUDIO_TRACK, data.timestamp);
      this.#capturedAt.set(`${AUDIO_TRACK}:${timestampUs}`, performance.now());
      const stamped = restamp(data, timestampUs);
      try {
        this.#audio.encode(stamped);
      } finally {
        if (stamped !== data) stamped.close();
      }
    } finally {
      data.close();
    }
  }

  #onPacket(trackId: number, chunk: EncodedVideoChunk | EncodedAudioChunk): void {
    if (this.#failed) return;
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    const packet: MediaPacket = {
      trackId,
      key: chunk.type === 'key',
      timestampUs: chunk.timestamp,
      durationUs: Math.max(0, Math.round(chunk.duration ?? 0)),
      data,
    };
    this.#stats.mediaBytes += data.byteLength;
    if (trackId === VIDEO_TRACK && packet.key) this.#stats.keyframes += 1;
    if (trackId === AUDIO_TRACK) this.#stats.audioPackets += 1;
    const key = `${trackId}:${packet.timestampUs}`;
    const capturedAt = this.#capturedAt.get(key) ?? performance.now();
    this.#capturedAt.delete(key);
    try {
      for (const group of this.#grouper.push(packet)) this.#emit(group);
      const open = this.#openCapture;
      if (trackId === VIDEO_TRACK) open.video = Math.min(open.video, capturedAt);
      else open.audio = Math.min(open.audio, capturedAt);
      if (trackId === VIDEO_TRACK && this.#options.frameMode === 'video-frame') {
        const group = this.#grouper.flush();
        if (group !== null) this.#emit(group);
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Hands over a closed group; its latency runs from the capture of its first video frame (else its first audio). */
  #emit(group: PayloadGroup): void {
    const { video, audio } = this.#openCapture;
    this.#openCapture = { video: Infinity, audio: Infinity };
    const first = Number.isFinite(video) ? video : audio;
    const latencyMs = Number.isFinite(first) ? performance.now() - first : 0;
    this.#stats.items += 1;
    this.#options.onItem({
      payload: group.payload,
      keyframe: group.keyframe,
      init: group.init,
      captureTsMs: group.captureTsMs,
      timestampUs: group.timestampUs,
      durationUs: group.durationUs,
      packetCount: group.packetCount,
      latencyMs,
    });
  }

  /** Media time in µs since the start, so both tracks share one clock whatever their sources stamp. */
  #mediaTime(trackId: number, timestamp: number): number {
    let offset = this.#offsetUs.get(trackId);
    if (offset === undefined) {
      offset = Math.round((performance.now() - this.#startMs) * 1000) - timestamp;
      this.#offsetUs.set(trackId, offset);
    }
    return Math.max(0, timestamp + offset);
  }

  /** The keyframe interval, less half a frame so the period does not slip by one frame each second. */
  #keyIntervalUs(frame: VideoFrame): number {
    return (this.#options.keyframeEveryMs ?? 1000) * 1000 - (frame.duration ?? 25_000) / 2;
  }

  #newGrouper(): PayloadGrouper {
    return new PayloadGrouper(this.#tracks, {
      captureStartMs: this.#captureStartMs,
      info: { title: this.#options.info?.title ?? '', startedAtMs: this.#options.info?.startedAtMs ?? this.#captureStartMs },
      ...(this.#options.targetMs ? { targetMs: this.#options.targetMs } : {}),
    });
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    for (const source of this.#sources) source.stop();
    for (const encoder of [this.#video, this.#audio]) if (encoder !== null && encoder.state !== 'closed') encoder.close();
    this.#options.onError?.(
      error instanceof CameraError
        ? error
        : new CameraError(
            'ENCODER',
            `the encoder stopped (${error instanceof Error ? error.message : String(error)}): start the recording again`,
            { cause: error },
          ),
    );
  }
}

function videoEncoderConfig(options: CameraEncoderOptions, video: VideoTrackConfig & { framerate?: number }): VideoEncoderConfig {
  return {
    codec: video.codec,
    width: video.codedWidth,
    height: video.codedHeight,
    bitrate: options.videoBitrate ?? 1_000_000,
    ...(video.framerate === undefined ? {} : { framerate: video.framerate }),
    latencyMode: 'realtime',
  };
}

function audioEncoderConfig(options: CameraEncoderOptions, audio: AudioTrackConfig): AudioEncoderConfig {
  return { codec: 'opus', sampleRate: audio.sampleRate, numberOfChannels: audio.numberOfChannels, bitrate: options.audioBitrate ?? 32_000 };
}

async function ensureSupported(options: CameraEncoderOptions, video: VideoTrackConfig, audio: AudioTrackConfig | null): Promise<void> {
  const videoSupport = await VideoEncoder.isConfigSupported(videoEncoderConfig(options, video));
  if (videoSupport.supported !== true) {
    throw new CameraError(
      'UNSUPPORTED',
      `this browser cannot encode ${video.codec} at ${video.codedWidth}×${video.codedHeight}: choose a lower resolution or the other codec`,
    );
  }
  if (audio === null) return;
  const audioSupport = await AudioEncoder.isConfigSupported(audioEncoderConfig(options, audio));
  if (audioSupport.supported !== true) {
    throw new CameraError('UNSUPPORTED', `this browser cannot encode Opus at ${audio.sampleRate} Hz: record without the microphone`);
  }
}

/** Encoders take even sizes only. */
function evenSize(pixels: number): number {
  return Math.max(2, Math.round(pixels / 2) * 2);
}

/** `data` with another timestamp (a copy; AudioData's timestamp is read-only). */
function restamp(data: AudioData, timestampUs: number): AudioData {
  if (data.timestamp === timestampUs) return data;
  const planes = data.format?.endsWith('-planar') ? data.numberOfChannels : 1;
  const sizes = Array.from({ length: planes }, (_, planeIndex) => data.allocationSize({ planeIndex }));
  const bytes = new Uint8Array(sizes.reduce((sum, size) => sum + size, 0));
  let offset = 0;
  for (const [planeIndex, size] of sizes.entries()) {
    data.copyTo(bytes.subarray(offset, offset + size), { planeIndex });
    offset += size;
  }
  return new AudioData({
    format: data.format ?? 'f32-planar',
    sampleRate: data.sampleRate,
    numberOfFrames: data.numberOfFrames,
    numberOfChannels: data.numberOfChannels,
    timestamp: timestampUs,
    data: bytes,
  });
}
