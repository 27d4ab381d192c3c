/**
 * The runner's side of the wall's drivers (feeder.ts): encodes the clip they replay, forks the
 * feeder process, and asks it for its streams, its counts and its lateness.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeederMessage, FeederRequest, FeederStart, FeederStream } from './feeder.ts';

const FEEDER = fileURLToPath(new URL('./feeder.ts', import.meta.url));

/** The clip: the record page's video (VP8 640×480, 10 pictures/s, a keyframe every second, 1 Mbit/s). */
export const CLIP = { width: 640, height: 480, framerate: 10, seconds: 10, videoBitrate: 1_000_000 } as const;

/**
 * Encodes {@link CLIP} with ffmpeg into `<dir>/clip.webm`: a moving test picture. Realtime VP8
 * settings as a browser's encoder uses them (no lag, no hidden alt-ref pictures), so every packet
 * is one picture; the keyframe interval divides the length, so the loop starts on a keyframe.
 * No sound: the record page puts its Opus packets into the video's 100 ms frames (32 kbit/s
 * beside 1 Mbit/s), while an encoded file's Opus starts 6.5 ms before the video (the codec's
 * pre-skip), which would cut every picture's frame in two and double the frames to sign and verify.
 */
export function encodeClip(dir: string): { path: string; clipUs: number } {
  const path = join(dir, 'clip.webm');
  const { width, height, framerate, seconds, videoBitrate } = CLIP;
  // prettier-ignore
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${framerate}`,
    '-t', String(seconds),
    '-c:v', 'libvpx', '-b:v', String(videoBitrate), '-g', String(framerate), '-keyint_min', String(framerate),
    '-deadline', 'realtime', '-cpu-used', '8', '-lag-in-frames', '0', '-auto-alt-ref', '0',
    path,
  ]);
  return { path, clipUs: seconds * 1_000_000 };
}

export interface Feeder {
  readonly pid: number;
  readonly streams: readonly FeederStream[];
  /** Frames pushed per stream and the pushes' lateness since the last call. */
  report(): Promise<Extract<FeederMessage, { kind: 'report' }>>;
  /** Ends every stream with its signed END frame and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Forks the feeder and starts its drivers; resolves once every stream is recording. */
export async function startFeeder(start: Omit<FeederStart, 'kind'>): Promise<Feeder> {
  const child = fork(FEEDER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (kind: FeederMessage['kind']): Promise<FeederMessage> => nextMessage(child, kind);
  const request = (message: FeederRequest): void => {
    child.send(message);
  };
  await next('ready');
  const streams = next('streams');
  request({ kind: 'start', ...start });
  const first = await streams;
  if (first.kind !== 'streams') throw new Error('the feeder answered out of turn');
  return {
    pid: child.pid ?? -1,
    streams: first.streams,
    async report() {
      const answer = next('report');
      request({ kind: 'report' });
      const message = await answer;
      if (message.kind !== 'report') throw new Error('the feeder answered out of turn');
      return message;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const stopped = next('stopped');
      request({ kind: 'stop' });
      await stopped;
      await exited;
    },
  };
}

/** The child's next message of `kind`; rejects on a `failed` message or an early exit. */
function nextMessage(child: ChildProcess, kind: FeederMessage['kind']): Promise<FeederMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FeederMessage): void => {
      if (message.kind === 'failed') {
        cleanup();
        reject(new Error(`the feeder failed: ${message.message}`));
      } else if (message.kind === kind) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the feeder exited (${code ?? 'signal'}) before it answered '${kind}'`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
