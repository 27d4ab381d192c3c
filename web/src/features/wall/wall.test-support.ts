/**
 * Test support for the live wall in real Chromium against the real API: a driver in Node (the
 * SDK's Recorder, recording the WebM fixture in real time, looped), and a dispatcher signed in
 * within the page. Used by wall-page.e2e.test.ts and `npm run screenshots`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createGrant, groupIntoPayloads, identityFromBundle, login, Recorder, type Identity } from '@seccam/device';
import { readMediaFile, type HttpsClient } from '@seccam/device/node';
import { openBundle, type BundleContents } from '@seccam/pki';
import { clientFor, dispatcherAccount, driverAccount, oathtoolCode } from '@seccam/testkit';
import { readyAccount, type ReadyBrowserAccount, type RunningApp } from '../../app/app.test-support';

/** Four seconds of VP8 320×240 (a keyframe every second) + Opus (device/fixtures/README.md). */
const FIXTURE = fileURLToPath(new URL('../../../../device/fixtures/test-drive.webm', import.meta.url));
/** The fixture's length: each loop of a live drive is shifted by this much media time. */
const LOOP_US = 4_000_000;

export interface WallDriver {
  readonly username: string;
  readonly contents: BundleContents;
  readonly identity: Identity;
  /** Logged in (Node SDK) on the app's origin. */
  readonly client: HttpsClient;
}

/** A driver registered, signed in with the SDK in Node (the next TOTP step: the confirmation used this one). */
export async function wallDriver(app: RunningApp, dir: string): Promise<WallDriver> {
  const account = await readyAccount(app, driverAccount(), dir);
  const contents = await openBundle(await readFile(account.bundlePath, 'utf8'), { username: account.username, password: account.password });
  const client = clientFor(app.api, app.origin);
  await login(client, contents, oathtoolCode(account.totpSecret, Date.now() + 30_000));
  return { username: account.username, contents, identity: await identityFromBundle(contents), client };
}

/** A dispatcher with a saved bundle, to sign in within the page (`signIn` of app.test-support). */
export function wallDispatcher(app: RunningApp, dir: string): Promise<ReadyBrowserAccount> {
  return readyAccount(app, dispatcherAccount(), dir);
}

/** Shares every recording of `driver` (past and future) with `dispatcher`; answers the grant id. */
export async function shareAll(driver: WallDriver, dispatcher: string): Promise<string> {
  return (await createGrant(driver.client, driver.identity, { dispatcher, scope: 'all' })).grant.id;
}

export interface LiveDrive {
  readonly recorder: Recorder;
  readonly streamId: string;
  /** Stops pushing frames; `end` also seals the signed END frame. */
  stop(options?: { readonly end?: boolean }): Promise<void>;
}

/**
 * Records the fixture in real time as a camera would, looped (each loop's media time follows the
 * last), until `stop`. Frames are sealed and uploaded by the SDK's Recorder.
 */
export async function startLiveDrive(driver: WallDriver, title: string): Promise<LiveDrive> {
  const media = await readMediaFile(FIXTURE);
  const recorder = await Recorder.start({ client: driver.client, identity: driver.identity, title });
  const startMs = Date.now();
  const stopping = new AbortController();
  const stopped = () => stopping.signal.aborted;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener('abort', done);
    });
  const loop = (async () => {
    for (let round = 0; !stopped(); round++) {
      const packets = media.packets.map((p) => ({ ...p, timestampUs: p.timestampUs + round * LOOP_US }));
      for (const group of groupIntoPayloads(media.tracks, packets, { captureStartMs: startMs, info: { title, startedAtMs: startMs } })) {
        const wait = group.captureTsMs - Date.now();
        if (wait > 0) await pause(wait);
        if (stopped()) return;
        await recorder.push(group);
      }
    }
  })();
  return {
    recorder,
    streamId: recorder.streamId,
    async stop(options = {}) {
      stopping.abort();
      await loop;
      if (options.end === true) await recorder.end();
      await recorder.close();
    },
  };
}
