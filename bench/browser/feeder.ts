/**
 * The wall's drivers for `npm run bench:browser`, in a Node process of their own (forked by
 * feeder-control.ts), so that 16 live streams load the machine the way 16 dashcams on the road
 * would load a dispatcher's laptop: not at all. Each driver signs in with its bundle, shares
 * everything with the dispatcher and records with the SDK's real `Recorder` (sealing, signing,
 * the IngestClient's upload and acks) a pre-encoded clip in real time, looped.
 *
 * [Note: capture time of a replayed clip]
 * The clip is encoded once, before the run, so its pictures cannot show the time they are sent.
 * Each stream instead has a start `startMs`, and the picture at media time t is due at
 * `startMs + t`: it is pushed then (a camera's capture time), and sealed with that capture time,
 * signed. The viewer's clock when the picture is drawn minus `startMs + t` is how far behind
 * live the tile is: upload, server, relay, verification, decryption, decoding and playout — all
 * but the camera's own encoding (the 1-tile glass-to-glass figure has that). A push the feeder
 * makes late is counted against the wall, and the lateness is reported on its own.
 */
import { createGrant, groupIntoPayloads, identityFromBundle, login, Recorder } from '@seccam/device';
import { HttpsClient, readMediaFile } from '@seccam/device/node';
import type { BundleContents } from '@seccam/pki';
import { oathtoolCode } from '@seccam/testkit';

export interface FeederStart {
  readonly kind: 'start';
  readonly baseUrl: string;
  readonly caPem: string;
  readonly origin: string;
  /** A WebM clip whose length is a whole number of keyframe intervals (it loops). */
  readonly clip: string;
  readonly clipUs: number;
  readonly dispatcher: string;
  readonly drivers: readonly { readonly contents: BundleContents; readonly totpSecret: string }[];
}

export interface FeederStream {
  readonly streamId: string;
  readonly driver: string;
  /** Capture time of media time 0 ([Note: capture time of a replayed clip]). */
  readonly startMs: number;
}

export type FeederRequest = FeederStart | { readonly kind: 'report' } | { readonly kind: 'stop' };

export type FeederMessage =
  /** Listening: a message sent before that is lost. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'streams'; readonly streams: readonly FeederStream[] }
  /** Since the last report: frames pushed per stream, and how late each push was (ms after its capture time). */
  | { readonly kind: 'report'; readonly pushed: readonly number[]; readonly lateMs: readonly number[]; readonly errors: readonly string[] }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly message: string };

const send = (message: FeederMessage): void => {
  process.send?.(message);
};

interface Drive {
  readonly stream: FeederStream;
  pushed: number;
  stop(): Promise<void>;
}

const lateMs: number[] = [];
const errors: string[] = [];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs one driver in, shares with the dispatcher and starts its recording, not yet pushing. */
async function startDriver(start: FeederStart, driver: FeederStart['drivers'][number]): Promise<{ recorder: Recorder; username: string }> {
  const client = new HttpsClient({ baseUrl: start.baseUrl, ca: start.caPem, origin: start.origin });
  // The next time step's code: the account's confirmation used this one.
  await login(client, driver.contents, oathtoolCode(driver.totpSecret, Date.now() + 30_000));
  const identity = await identityFromBundle(driver.contents);
  await createGrant(client, identity, { dispatcher: start.dispatcher, scope: 'all' });
  const recorder = await Recorder.start({ client, identity, title: `bench drive ${driver.contents.username}` });
  return { recorder, username: driver.contents.username };
}

/** Pushes the clip in real time from `startMs`, looped, until stopped; then seals END. */
function drive(
  recorder: Recorder,
  username: string,
  media: Awaited<ReturnType<typeof readMediaFile>>,
  startMs: number,
  clipUs: number,
): Drive {
  const state = { stopped: false };
  const stopped = (): boolean => state.stopped;
  const self: Drive = {
    stream: { streamId: recorder.streamId, driver: username, startMs },
    pushed: 0,
    async stop() {
      state.stopped = true;
      await loop;
      await recorder.end().catch((error: unknown) => errors.push(`END of ${username}: ${String(error)}`));
      await recorder.close();
    },
  };
  const info = { title: `bench drive ${username}`, startedAtMs: startMs };
  const loop = (async () => {
    for (let round = 0; !stopped(); round++) {
      const packets = media.packets.map((p) => ({ ...p, timestampUs: p.timestampUs + round * clipUs }));
      for (const group of groupIntoPayloads(media.tracks, packets, { captureStartMs: startMs, info })) {
        const wait = group.captureTsMs - Date.now();
        if (wait > 0) await sleep(wait);
        if (stopped()) return;
        lateMs.push(Date.now() - group.captureTsMs);
        try {
          await recorder.push(group);
          self.pushed += 1;
        } catch (error) {
          errors.push(`${username}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  })();
  return self;
}

async function run(start: FeederStart): Promise<Drive[]> {
  const media = await readMediaFile(start.clip);
  const started = await Promise.all(start.drivers.map((driver) => startDriver(start, driver)));
  // Drivers are not in step: their pictures are spread evenly over one 100 ms frame.
  const base = Date.now() + 500;
  const spreadMs = 100 / started.length;
  return started.map(({ recorder, username }, i) => drive(recorder, username, media, Math.round(base + i * spreadMs), start.clipUs));
}

let drives: Drive[] = [];
const reported: number[] = [];

process.on('message', (request: FeederRequest) => {
  if (request.kind === 'start') {
    run(request).then(
      (running) => {
        drives = running;
        send({ kind: 'streams', streams: running.map((d) => d.stream) });
      },
      (error: unknown) => {
        send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      },
    );
  } else if (request.kind === 'report') {
    const pushed = drives.map((d, i) => d.pushed - (reported[i] ?? 0));
    drives.forEach((d, i) => (reported[i] = d.pushed));
    send({ kind: 'report', pushed, lateMs: lateMs.splice(0), errors: errors.splice(0) });
  } else {
    void Promise.all(drives.map((d) => d.stop())).then(() => {
      send({ kind: 'stopped' });
      process.disconnect();
    });
  }
});
send({ kind: 'ready' });
