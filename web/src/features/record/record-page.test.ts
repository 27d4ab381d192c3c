/**
 * The record page in real Chromium (fake camera and microphone) against the real API, reached
 * through a TCP proxy the test can cut: a driver signed in on the page records while a dispatcher
 * (the SDK in Node) watches live; the connection is cut for 5 s and the page shows the frames
 * waiting, then catches up; the page is reloaded mid-recording, the driver signs in again and the
 * upload resumes from IndexedDB; the stored stream then verifies from seq 0 to the signed END with
 * no gap, every frame decrypting to a media payload with VP8 + Opus tracks and a keyframe about
 * every second. And a session that ends mid-recording: the page keeps recording, says to sign in
 * again, and after the sign-in reconnects at once and uploads what waited.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGrant,
  fetchSharedStreams,
  identityFromBundle,
  login,
  logoutEverywhere,
  sealBundle,
  WatchClient,
  type WatchedFrame,
} from '@seccam/device';
import type { MediaPacket } from '@seccam/schema';
import {
  clientFor,
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  freePort,
  launchChromiumContext,
  MemoryMailer,
  oathtoolCode,
  startTcpProxy,
  startTestApi,
  TEST_ORIGIN,
  type ReadyAccount,
  type TcpProxy,
  type TestApi,
} from '@seccam/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../app/app.test-support';

const PASSWORD = 'plum river glass orbit lantern';
const STEP_MS = 30_000;

type SeenWindow = { seccamSeen?: string[] };

describe('the record page in Chromium', () => {
  let dir: string;
  let api: TestApi;
  let proxy: TcpProxy;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let driver: ReadyAccount;
  let dispatcher: ReadyAccount;
  let bundlePath: string;
  /** The newest TOTP step the driver has used (each step signs in once). */
  let usedStep = 0;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  /** Signs the driver in on the sign-in page with a step not used before, and lands on /record. */
  async function signInToRecord(): Promise<void> {
    const step = Math.max(usedStep + 1, Math.floor(Date.now() / STEP_MS) - 1);
    while (step > Math.floor(Date.now() / STEP_MS) + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
    usedStep = step;
    if (!page.url().includes('/login')) await page.goto(`${origin}/login?next=%2Frecord`);
    await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
    await page.getByLabel('Bundle password').fill(PASSWORD);
    await page.getByLabel('Code from your authenticator').fill(oathtoolCode(driver.totpSecret, step * STEP_MS + 1000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/record`, { timeout: 30_000 });
  }

  /** Every text the connection label shows from now on, in order (a MutationObserver in the page). */
  async function watchConnectionLabel(): Promise<void> {
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as SeenWindow).seccamSeen = seen;
      const note = () => {
        const text = document.querySelector('#record-connection')?.textContent ?? '';
        const waiting = document.querySelector('#record-waiting')?.textContent ?? '';
        const entry = waiting === '' ? text : `${text} | ${waiting}`;
        if (text !== '' && seen.at(-1) !== entry) seen.push(entry);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
      note();
    });
  }
  const seenLabels = () => page.evaluate(() => (window as unknown as SeenWindow).seccamSeen ?? []);
  const connection = () => page.locator('#record-connection').textContent();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-record-'));
    const outDir = join(dir, 'dist');
    await buildWeb(outDir);
    // The browser reaches the API through a proxy the test cuts; Node parties reach it directly.
    const apiPort = await freePort();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: apiPort });
    origin = `https://localhost:${proxy.port}`;
    api = await startTestApi({
      port: apiPort,
      mailer: new MemoryMailer(),
      env: { WEB_ROOT: outDir, PUBLIC_ORIGIN: origin, ALLOWED_ORIGINS: TEST_ORIGIN },
    });
    [driver, dispatcher] = await Promise.all([createReadyAccount(api, driverAccount()), createReadyAccount(api, dispatcherAccount())]);
    usedStep = Math.floor(Date.now() / STEP_MS); // the confirmation's step
    bundlePath = join(dir, `${driver.contents.username}.sec.json`);
    await writeFile(bundlePath, JSON.stringify(await sealBundle(driver.contents, PASSWORD)));
    // A persistent profile, so IndexedDB is on disk as in a driver's browser.
    context = await launchChromiumContext(join(dir, 'profile'), { ignoreHTTPSErrors: true });
    context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    context.on('weberror', (error) => pageErrors.push(error.error().message));
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context.close();
    await api.stop();
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records live to a watching dispatcher, survives a dead zone and a reload, and stores a stream that verifies with no gap', async () => {
    // The driver signs in on the page; the grant is made with the page's own session from Node.
    await signInToRecord();
    const driverClient = clientFor(api, origin);
    for (const cookie of await context.cookies(origin)) driverClient.cookies.set(cookie.name, cookie.value);
    await createGrant(driverClient, await identityFromBundle(driver.contents), { dispatcher: dispatcher.contents.username, scope: 'all' });
    const dispatcherClient = clientFor(api);
    await login(dispatcherClient, dispatcher.contents, dispatcher.nextCode);
    const dispatcherIdentity = await identityFromBundle(dispatcher.contents);

    await page.getByRole('heading', { name: 'Record' }).waitFor();
    await page.getByLabel('Resolution').selectOption('480p');
    await page.getByLabel('Video bitrate').selectOption('1000000');
    await page.getByRole('button', { name: 'Start recording' }).click();
    await expect.poll(connection, { timeout: 20_000 }).toBe('Live');
    await watchConnectionLabel();

    // The dispatcher watches the live stream from its first frame.
    const [shared] = await fetchSharedStreams(dispatcherClient);
    if (shared === undefined) throw new Error('the dispatcher sees no shared stream');
    const live: WatchedFrame[] = [];
    const unreadable: string[] = [];
    const watchFromStart = (into: WatchedFrame[]) =>
      new WatchClient({
        client: dispatcherClient,
        identity: dispatcherIdentity,
        streamId: shared.id,
        from: 0,
        onFrame: (frame) => void into.push(frame),
      });
    const watcher = watchFromStart(live);
    watcher.on('unreadable', (failure) => unreadable.push(`${failure.seq ?? '?'}: ${failure.reason}`));
    await watcher.start();
    await expect.poll(() => live.filter((frame) => !frame.catchUp).length, { timeout: 15_000 }).toBeGreaterThan(20);
    await expect.poll(() => page.locator('#record-bitrate').textContent()).not.toBe('0.00 Mbit/s');

    // A dead zone: the page's connection is cut for 5 s. Frames wait, sealed, in IndexedDB.
    proxy.cut();
    await expect.poll(connection, { timeout: 10_000 }).toMatch(/^(Reconnecting|Offline)$/);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const waitingText = (await page.locator('#record-waiting').textContent()) ?? '';
    const waiting = Number(/^(\d+) frames \(\d+(\.\d)? [KM]iB\) waiting$/.exec(waitingText)?.[1] ?? 'NaN');
    expect(waiting).toBeGreaterThan(20); // ≈ 10 frames a second for 5 s
    proxy.restore();
    await expect.poll(connection, { timeout: 15_000 }).toBe('Live');
    await expect.poll(() => page.locator('#record-waiting').count()).toBe(0);
    const labels = await seenLabels();
    expect(labels.some((label) => /^(Reconnecting|Offline) \| \d+ frames/.test(label))).toBe(true);
    expect(labels.at(-1)).toBe('Live');
    console.info(`connection labels during the dead zone: ${labels.join(' → ')}`);

    // A reload mid-recording: the keys are gone, the frames are not. Sign in again and continue.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await page.reload();
    await page.waitForURL(/\/login\?next=%2Frecord/);
    await signInToRecord();
    const resume = page.getByRole('region', { name: 'An interrupted recording' });
    await resume.waitFor();
    expect(await page.locator('#resume-waiting').textContent()).toMatch(/^\d+ frames \(.+\) not uploaded yet$/);
    await resume.getByRole('button', { name: 'Continue recording' }).click();
    await expect.poll(connection, { timeout: 20_000 }).toBe('Live');
    const beforeStop = live.length;
    await expect.poll(() => live.length, { timeout: 15_000 }).toBeGreaterThan(beforeStop + 30);
    // At least 20 s recorded in all (before the dead zone, during it, and after the reload): the
    // frames' signed capture times, without the pause of the reload.
    const recordedSeconds = () =>
      live.reduce((ms, frame, i) => (i === 0 ? 0 : ms + Math.min(1000, frame.captureTs - (live[i - 1]?.captureTs ?? frame.captureTs))), 0) /
      1000;
    await expect.poll(recordedSeconds, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);

    // Stop seals the signed END; the page says so once the server has it.
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.locator('#record-ended').waitFor({ timeout: 20_000 });
    const outcome = await watcher.whenDone();
    expect(outcome.status).toBe('ended');
    expect(outcome.chain.ended).toBe('signed');
    expect(unreadable).toEqual([]);
    expectCompleteStream(live);

    // The stored stream, read back from seq 0, verifies to the same signed END with no gap.
    const stored: WatchedFrame[] = [];
    const replay = watchFromStart(stored);
    await replay.start();
    const replayed = await replay.whenDone();
    expect(replayed).toMatchObject({ status: 'ended', chain: { ended: 'signed', verified: stored.length } });
    expect(stored.map((frame) => frame.seq)).toEqual(live.map((frame) => frame.seq));
    // Nothing is left waiting in the browser once the END is stored.
    await expect.poll(() => page.getByRole('region', { name: 'An interrupted recording' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it('keeps recording when the session ends, says to sign in again, and uploads everything after signing in', async () => {
    await page.getByRole('button', { name: 'Start recording' }).click();
    await expect.poll(connection, { timeout: 20_000 }).toBe('Live');
    // Every session of the driver ends on the server (as after "log out everywhere" elsewhere).
    const elsewhere = clientFor(api, origin);
    for (const cookie of await context.cookies(origin)) elsewhere.cookies.set(cookie.name, cookie.value);
    await logoutEverywhere(elsewhere);
    await expect.poll(connection, { timeout: 10_000 }).toBe('Signed out');
    await expect.poll(() => page.locator('#record-waiting').count(), { timeout: 10_000 }).toBe(1);
    // The page says to sign in again (or the app already went there: an API call found the session gone).
    const signInAgain = page.getByRole('link', { name: 'Sign in again' });
    await Promise.race([signInAgain.waitFor(), page.waitForURL(/\/login\?next=%2Frecord/)]);
    if (!page.url().includes('/login')) await signInAgain.click();
    await page.waitForURL(/\/login\?next=%2Frecord/);
    await signInToRecord();
    // Back on the page, the same recording reconnects at once and uploads what waited.
    await expect.poll(connection, { timeout: 15_000 }).toBe('Live');
    await expect.poll(() => page.locator('#record-waiting').count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.locator('#record-ended').waitFor({ timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

/** seq 0…END contiguous, every frame decrypted, VP8 + Opus tracks, VP8 keyframes at most ~1.3 s apart while the camera runs. */
function expectCompleteStream(frames: readonly WatchedFrame[]): void {
  expect(frames.map((frame) => frame.seq)).toEqual(frames.map((_, i) => i));
  expect(frames.at(-1)?.end).toBe(true);
  const media = frames.filter((frame) => !frame.end);
  expect(media.every((frame) => frame.payload !== null)).toBe(true);
  const tracks = new Set(media.flatMap((frame) => frame.payload?.tracks.map((track) => `${track.kind}:${track.codec}`) ?? []));
  expect([...tracks].sort()).toEqual(['audio:opus', 'video:vp8']);
  expect(media.every((frame) => frame.keyframe === (frame.payload?.packets.find((packet) => packet.trackId === 0)?.key === true))).toBe(
    true,
  );
  const packets: MediaPacket[] = media.flatMap((frame) => [...(frame.payload?.packets ?? [])]);
  const keys = packets.filter((packet) => packet.trackId === 0 && packet.key);
  for (const key of keys) expect(isVp8Keyframe(key.data, 640, 480)).toBe(true);
  expect(packets.filter((packet) => packet.trackId === 1).every((packet) => packet.data.byteLength > 0)).toBe(true);
  // Media time restarts with each camera session (after the reload): gaps are measured within one.
  const gaps = keys.slice(1).map((key, i) => (key.timestampUs - (keys[i]?.timestampUs ?? 0)) / 1e6);
  const within = gaps.filter((gap) => gap > 0);
  expect(within.length).toBeGreaterThan(10);
  expect(Math.max(...within)).toBeLessThan(1.35);
}

/** A VP8 key frame (RFC 6386 §9.1): frame tag bit 0 clear, start code 9d 01 2a, then the picture size. */
function isVp8Keyframe(data: Uint8Array, width: number, height: number): boolean {
  if (data.byteLength < 10 || ((data[0] ?? 1) & 1) !== 0) return false;
  if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return false;
  const w = ((data[6] ?? 0) | ((data[7] ?? 0) << 8)) & 0x3fff;
  const h = ((data[8] ?? 0) | ((data[9] ?? 0) << 8)) & 0x3fff;
  return w === width && h === height;
}
