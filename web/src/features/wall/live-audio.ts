/**
 * Plays a live stream's audio track (Opus) for the focused tile: WebCodecs `AudioDecoder` into
 * Web Audio buffers scheduled back to back. Live, not paced: a buffer is queued at the end of
 * what is already scheduled, never more than {@link MAX_AHEAD_S} ahead of the audio clock (older
 * audio is dropped rather than let the sound fall behind the picture).
 */
import type { AudioTrackConfig, MediaPayload } from '@seccam/schema';

/** How far ahead of the audio clock buffers may be scheduled before new ones are dropped. */
const MAX_AHEAD_S = 0.6;
/** The first buffer starts this far in the future, so the next one is there in time. */
const START_DELAY_S = 0.08;

export class LiveAudioPlayer {
  readonly #context: AudioContext;
  #decoder: AudioDecoder | null = null;
  #track: AudioTrackConfig | null = null;
  #playhead = 0;
  #closed = false;

  /** Call from a user gesture (a click or key press), or the browser keeps the audio suspended. */
  constructor() {
    this.#context = new AudioContext();
  }

  /** True where this browser has WebCodecs audio decoding and Web Audio. */
  static get isSupported(): boolean {
    return typeof AudioDecoder === 'function' && typeof AudioContext === 'function';
  }

  /** Feeds one frame's media; only the audio track is used. */
  push(payload: MediaPayload): void {
    if (this.#closed) return;
    const audio = payload.tracks.find((t): t is AudioTrackConfig => t.kind === 'audio');
    if (audio !== undefined && this.#track === null) this.#configure(audio);
    const decoder = this.#decoder;
    const track = this.#track;
    if (decoder === null || track === null || decoder.state !== 'configured') return;
    for (const packet of payload.packets) {
      if (packet.trackId !== track.trackId) continue;
      decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: packet.timestampUs, duration: packet.durationUs, data: packet.data }));
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#decoder !== null && this.#decoder.state !== 'closed') this.#decoder.close();
    void this.#context.close();
  }

  #configure(track: AudioTrackConfig): void {
    this.#track = track;
    this.#decoder = new AudioDecoder({
      output: (data) => {
        this.#play(data);
      },
      error: () => {
        // Sound is a convenience on the wall; the picture and its verification go on.
        this.#decoder = null;
      },
    });
    this.#decoder.configure({
      codec: track.codec,
      sampleRate: track.sampleRate,
      numberOfChannels: track.numberOfChannels,
      ...(track.description.byteLength > 0 ? { description: track.description } : {}),
    });
  }

  #play(data: AudioData): void {
    try {
      if (this.#closed) return;
      const now = this.#context.currentTime;
      if (this.#playhead < now) this.#playhead = now + START_DELAY_S;
      if (this.#playhead - now > MAX_AHEAD_S) return;
      const buffer = this.#context.createBuffer(data.numberOfChannels, data.numberOfFrames, data.sampleRate);
      for (let channel = 0; channel < data.numberOfChannels; channel++) {
        const samples = new Float32Array(data.numberOfFrames);
        data.copyTo(samples, { planeIndex: channel, format: 'f32-planar' });
        buffer.copyToChannel(samples, channel);
      }
      const source = this.#context.createBufferSource();
      source.buffer = buffer;
      source.connect(this.#context.destination);
      source.start(this.#playhead);
      this.#playhead += buffer.duration;
    } finally {
      data.close();
    }
  }
}
