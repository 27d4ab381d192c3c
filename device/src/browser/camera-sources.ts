/**
 * Raw media from a `MediaStream`'s tracks, as WebCodecs `VideoFrame`s and `AudioData`: from a
 * `MediaStreamTrackProcessor` where the browser has one (Chromium), else video from a playing
 * `<video>` element (`new VideoFrame(video)` per presented frame) and audio from a Web Audio tap.
 * Whoever receives a frame owns it and must close it.
 */

/** A running source; `stop` ends it (frames already handed over stay the receiver's). */
export interface MediaSource {
  stop(): void;
}

/** Where the frames came from, for status displays and tests. */
export type SourceKind = 'track-processor' | 'video-element';

interface TrackProcessor {
  readonly readable: ReadableStream<VideoFrame | AudioData>;
}
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => TrackProcessor;

function trackProcessor(): TrackProcessorConstructor | undefined {
  return (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
}

/** True when this browser can read tracks with `MediaStreamTrackProcessor`. */
export function hasTrackProcessor(): boolean {
  return trackProcessor() !== undefined;
}

/** Reads every frame of `track` until stopped; `onEnd` is told when the track or the reader ends. */
function readTrack(
  track: MediaStreamTrack,
  onFrame: (frame: VideoFrame | AudioData) => void,
  onEnd: (error?: unknown) => void,
): MediaSource {
  const Processor = trackProcessor();
  if (Processor === undefined) throw new Error('no MediaStreamTrackProcessor');
  // A small buffer: a slow encoder makes the processor drop the oldest raw frames, not queue them.
  const reader = new Processor({ track, maxBufferSize: 4 }).readable.getReader();
  let stopped = false;
  const pump = async (): Promise<void> => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (stopped) value.close();
      else onFrame(value);
    }
  };
  pump().then(
    () => {
      onEnd();
    },
    (error: unknown) => {
      onEnd(stopped ? undefined : error);
    },
  );
  return {
    stop: () => {
      stopped = true;
      reader.cancel().catch(() => undefined);
    },
  };
}

/** Video frames of `track`: from the track processor, or from `video` (playing the track) when there is none. */
export function readVideo(
  track: MediaStreamTrack,
  options: { readonly preferElement: boolean; readonly video?: HTMLVideoElement; readonly framerate: number },
  onFrame: (frame: VideoFrame) => void,
  onEnd: (error?: unknown) => void,
): { source: MediaSource; kind: SourceKind } {
  if (hasTrackProcessor() && !options.preferElement) {
    const source = readTrack(
      track,
      (frame) => {
        if (frame instanceof VideoFrame) onFrame(frame);
        else frame.close();
      },
      onEnd,
    );
    return { source, kind: 'track-processor' };
  }
  return { source: readVideoElement(track, options, onFrame), kind: 'video-element' };
}

// [Note: video from the element]
// Without a track processor the `<video>` element that plays the camera is the source: each frame
// it presents (`requestVideoFrameCallback`, or a timer at the frame rate where that is missing) is
// copied into a `VideoFrame` stamped with the time it was presented.
function readVideoElement(
  track: MediaStreamTrack,
  options: { readonly video?: HTMLVideoElement; readonly framerate: number },
  onFrame: (frame: VideoFrame) => void,
): MediaSource {
  const video = options.video ?? document.createElement('video');
  if (options.video === undefined) {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => undefined);
  }
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grab = (): void => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      onFrame(new VideoFrame(video, { timestamp: Math.round(performance.now() * 1000), duration: Math.round(1e6 / options.framerate) }));
    }
    next();
  };
  const next = (): void => {
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(grab);
    else timer = setTimeout(grab, 1000 / options.framerate);
  };
  next();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      if (options.video === undefined) video.srcObject = null;
    },
  };
}

/** Audio of `track` as `AudioData`: from the track processor, or a Web Audio tap when there is none. */
export function readAudio(
  track: MediaStreamTrack,
  options: { readonly preferTap: boolean; readonly sampleRate: number; readonly channels: number },
  onData: (data: AudioData) => void,
  onEnd: (error?: unknown) => void,
): MediaSource {
  if (hasTrackProcessor() && !options.preferTap)
    return readTrack(
      track,
      (data) => {
        if (data instanceof AudioData) onData(data);
        else data.close();
      },
      onEnd,
    );
  return readAudioTap(track, options, onData);
}

// [Note: audio from a Web Audio tap]
// Without a track processor the microphone is read by a ScriptProcessorNode: it needs no worklet
// module (so no extra script URL under the CSP) and delivers 2048-sample blocks (≈ 43 ms at
// 48 kHz) on the main thread, which Opus then cuts into its own 20 ms packets. It is deprecated
// in favour of AudioWorklet but present in every browser that has WebCodecs. Its output is
// silence (nothing is written to it); it is connected only because an unconnected node is not run.
/* eslint-disable @typescript-eslint/no-deprecated -- ScriptProcessorNode on purpose: [Note: audio from a Web Audio tap] */
function readAudioTap(
  track: MediaStreamTrack,
  { sampleRate, channels }: { readonly sampleRate: number; readonly channels: number },
  onData: (data: AudioData) => void,
): MediaSource {
  const context = new AudioContext({ sampleRate });
  const input = context.createMediaStreamSource(new MediaStream([track]));
  // The tap mixes its input to the channel count the encoder was configured with.
  const tap = context.createScriptProcessor(2048, channels, channels);
  tap.onaudioprocess = (event) => {
    const block = event.inputBuffer;
    const data = new Float32Array(block.length * block.numberOfChannels);
    for (let channel = 0; channel < block.numberOfChannels; channel++) data.set(block.getChannelData(channel), channel * block.length);
    const durationUs = (block.length / block.sampleRate) * 1e6;
    onData(
      new AudioData({
        format: 'f32-planar',
        sampleRate: block.sampleRate,
        numberOfFrames: block.length,
        numberOfChannels: block.numberOfChannels,
        timestamp: Math.round(performance.now() * 1000 - durationUs),
        data,
      }),
    );
  };
  input.connect(tap);
  tap.connect(context.destination);
  void context.resume().catch(() => undefined);
  return {
    stop: () => {
      tap.onaudioprocess = null;
      input.disconnect();
      tap.disconnect();
      void context.close().catch(() => undefined);
    },
  };
}
/* eslint-enable @typescript-eslint/no-deprecated */
