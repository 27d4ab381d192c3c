/**
 * The dispatcher's live wall in real Chromium against the real API: a driver records in Node
 * (the SDK's Recorder, in real time) while the dispatcher, signed in within the page, has /wall
 * open. Sharing and starting make tiles appear through the `streamEvents` subscription, without
 * a reload; tiles decode verified video into their canvas; a dispatcher opening the wall
 * mid-stream starts at the last keyframe; a signed END and a recorder that stops without one are
 * told apart; revoking shows "Access revoked" within a second and closes the watch; a frame altered
 * on the way raises the alarm that names the check.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchStream, fetchStreamViewers, revokeGrant } from '@seccam/device';
import { certificateVerificationCode } from '@seccam/pki';
import { driverAccount, launchChromium } from '@seccam/testkit';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAccount, signIn, startApp, visit, type ReadyBrowserAccount, type RunningApp } from '../../app/app.test-support';
import { screenshots } from '../sharing/driver-pages.test-support';
import { shareAll, startLiveDrive, wallDispatcher, wallDriver, type LiveDrive, type WallDriver } from './wall.test-support';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page, one line each (as web/src/app/app-routes.e2e.test.ts runs it). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact ?? ''} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Frames of about 100 ms with a keyframe every second (the fixture): a keyframe interval is 10 frames. */
const FRAMES_PER_KEYFRAME = 10;

// Generous: the machine is shared, and Chromium decodes every tile in software.
describe('the live wall in Chromium', { timeout: 180_000 }, () => {
  let dir: string;
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let driver: WallDriver;
  let dispatcher: ReadyBrowserAccount;
  let grantId: string;
  const drives: LiveDrive[] = [];
  const problems: string[] = [];

  const tile = (streamId: string): Locator => page.locator(`li.wall-tile[data-stream-id="${streamId}"]`);
  const framesOf = async (streamId: string): Promise<number> => Number(await tile(streamId).getAttribute('data-frames'));
  const canvasDigest = (streamId: string): Promise<string> =>
    tile(streamId)
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let hash = 0;
        for (let i = 0; i < data.length; i += 7) hash = (hash * 31 + (data[i] ?? 0)) | 0;
        return `${canvas.width}x${canvas.height}:${hash}`;
      });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-web-wall-'));
    app = await startApp(dir);
    [driver, dispatcher] = await Promise.all([wallDriver(app, dir), wallDispatcher(app, dir)]);
    browser = await launchChromium();
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    // Records the browser notifications the page raises (the real Notification, observed).
    await context.addInitScript(() => {
      const Native = window.Notification;
      const shown: string[] = [];
      class Observed extends Native {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push(options?.body ?? title);
        }
      }
      Object.defineProperty(Observed, 'permission', { get: () => Native.permission });
      Object.defineProperty(Observed, 'requestPermission', { value: Native.requestPermission.bind(Native) });
      Object.defineProperty(window, 'Notification', { value: Observed, configurable: true, writable: true });
      Object.defineProperty(window, 'shownNotifications', { value: shown });
    });
    context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) problems.push(message.text());
    });
    context.on('weberror', (error) => {
      problems.push(error.error().message);
    });
    page = await context.newPage();
    await signIn(page, app.origin, dispatcher);
    await visit(page, '/wall');
  });

  afterAll(async () => {
    for (const drive of drives) await drive.stop().catch(() => undefined);
    await browser.close();
    await app.api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('says nothing is shared yet, and asks for browser notifications only from its button', async () => {
    await page.locator('#wall-empty').getByText('No streams shared with you yet — a driver shares from their Share page').waitFor();
    await page.locator('#wall-summary[data-listening="listening"]').waitFor();
    const ask = page.getByRole('button', { name: 'Turn on browser notifications' });
    await ask.waitFor();
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
    // The browser's prompt, answered "Allow" by the test, comes only from the button.
    await context.grantPermissions(['notifications'], { origin: app.origin });
    await ask.click();
    await page.locator('#notifications-on').waitFor();
    await screenshots(page, 'wall-empty');
  });

  it('shows a tile when the driver shares a running drive — no reload — with verified, decoded, changing video', async () => {
    await page.evaluate(() => {
      Object.defineProperty(window, 'sameDocument', { value: true });
    });
    const drive = await startLiveDrive(driver, 'morning patrol');
    drives.push(drive);
    grantId = await shareAll(driver, dispatcher.username);

    const first = tile(drive.streamId);
    await first.waitFor({ timeout: 45_000 });
    await page.locator('#wall-notices').getByText(`${driver.username} shared their recordings with you.`).waitFor();
    await expect.poll(() => framesOf(drive.streamId), { timeout: 45_000 }).toBeGreaterThan(5);
    await page.locator(`li.wall-tile[data-stream-id="${drive.streamId}"][data-state="live"]`).waitFor({ timeout: 45_000 });
    const before = await canvasDigest(drive.streamId);
    const framesBefore = await framesOf(drive.streamId);
    await expect.poll(() => framesOf(drive.streamId), { timeout: 45_000 }).toBeGreaterThan(framesBefore + 5);
    await expect.poll(() => canvasDigest(drive.streamId), { timeout: 45_000 }).not.toBe(before);
    // The 320×240 picture, drawn at the size the tile shows it ([Note: drawing at the shown size]).
    const [width = 0, height = 0] = before.split(':')[0]?.split('x').map(Number) ?? [];
    const shown = await tile(drive.streamId)
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => ({
        width: canvas.clientWidth * devicePixelRatio,
        height: canvas.clientHeight * devicePixelRatio,
      }));
    expect(width).toBeLessThanOrEqual(320);
    expect(Math.abs(width / height - 320 / 240)).toBeLessThan(0.02);
    // Either the tile's width or its height limits the picture (or the box is larger than the picture).
    expect(width === 320 || Math.min(Math.abs(width - shown.width), Math.abs(height - shown.height)) < 1.5).toBe(true);

    const code = await certificateVerificationCode(driver.contents.sigCertPem);
    await expect.poll(() => first.locator('.wall-badge').textContent()).toBe(`verified: signed by ${driver.username} · ${code}`);
    expect(await first.locator('.wall-tile-title').textContent()).toBe('morning patrol');
    expect(await first.locator('.wall-state').textContent()).toBe('Live');
    const behind = (await first.locator('.wall-behind').textContent()) ?? '';
    expect(behind).toMatch(/^(at live|\d+\.\d s behind live)$/);
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    expect(await page.locator('#wall-empty').count()).toBe(0);
  });

  it('adds a tile when the driver starts another drive, with a notice and a browser notification', async () => {
    const drive = await startLiveDrive(driver, 'second car');
    drives.push(drive);
    await tile(drive.streamId).waitFor({ timeout: 45_000 });
    await page.locator('#wall-notices').getByText(`${driver.username} started streaming to you.`).waitFor({ timeout: 45_000 });
    await expect.poll(() => framesOf(drive.streamId), { timeout: 45_000 }).toBeGreaterThan(0);
    const shown = await page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
    expect(shown).toEqual([`${driver.username} shared their recordings with you.`, `${driver.username} started streaming to you.`]);
    expect(await page.locator('li.wall-tile').count()).toBe(2);
  });

  it('has no serious accessibility violations with live tiles, light and dark, at 375 and 1440 px', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const width of [375, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await seriousViolations(page), `${colorScheme} ${width}px`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      }
    }
    await page.emulateMedia({ colorScheme: null });
  });

  it('enlarges a tile on click or Enter and returns to the wall on Escape', async () => {
    const [drive] = drives;
    if (drive === undefined) throw new Error('no drive');
    const screen = tile(drive.streamId).locator('.wall-screen');
    await screen.click();
    await page.locator(`li.wall-tile.focused[data-stream-id="${drive.streamId}"]`).waitFor();
    expect(await page.locator('#wall-grid.has-focus').count()).toBe(1);
    await screenshots(page, 'wall-focused');
    await page.keyboard.press('Escape');
    await page.locator('li.wall-tile.focused').waitFor({ state: 'detached' });
    expect(await screen.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator(`li.wall-tile.focused[data-stream-id="${drive.streamId}"]`).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('li.wall-tile.focused').waitFor({ state: 'detached' });
    await screenshots(page, 'wall');
  });

  it('joining mid-stream starts at the last keyframe: video within one keyframe interval of the live head', async () => {
    const [drive] = drives;
    if (drive === undefined) throw new Error('no drive');
    await visit(page, '/account');
    const headAtJoin = drive.recorder.progress.nextSeq - 1;
    const openedAt = Date.now();
    await visit(page, '/wall');
    await expect.poll(() => framesOf(drive.streamId), { timeout: 45_000 }).toBeGreaterThan(0);
    const firstVideoAfterMs = Date.now() - openedAt;
    const firstSeq = Number(await tile(drive.streamId).getAttribute('data-first-seq'));
    console.info(`late join at head ${headAtJoin}: first frame seq ${firstSeq}, first decoded picture after ${firstVideoAfterMs} ms`);
    expect(headAtJoin).toBeGreaterThan(2 * FRAMES_PER_KEYFRAME);
    expect(firstSeq).toBeGreaterThan(headAtJoin - FRAMES_PER_KEYFRAME - 1);
  });

  it('says "Ended" after the signed END, and "Ended unsigned at seq N" when a recorder stops without one', async () => {
    const b = drives[1];
    if (b === undefined) throw new Error('no drive');
    await b.stop({ end: true });
    await page.locator(`li.wall-tile[data-stream-id="${b.streamId}"][data-state="ended"]`).waitFor({ timeout: 45_000 });
    expect(await tile(b.streamId).locator('.wall-state').textContent()).toBe('Ended');

    const parked = await startLiveDrive(driver, 'parked van');
    drives.push(parked);
    await expect.poll(() => framesOf(parked.streamId), { timeout: 45_000 }).toBeGreaterThan(0);
    await parked.stop();
    await page.locator(`li.wall-tile[data-stream-id="${parked.streamId}"][data-state="ended-unsigned"]`).waitFor({ timeout: 30_000 });
    // The last frame the server holds (a frame sealed just before the recorder closed may never have been sent).
    const { lastSeq } = await fetchStream(driver.client, parked.streamId);
    expect(lastSeq).toBeGreaterThan(0);
    expect(await tile(parked.streamId).locator('.wall-state').textContent()).toBe(`Ended unsigned at seq ${String(lastSeq)}`);
  });

  it('shows "Access revoked" within a second of the revocation, and the watches close', async () => {
    const [a, ended, parked] = drives;
    if (a === undefined || ended === undefined || parked === undefined) throw new Error('no drives');
    await page.locator(`li.wall-tile[data-stream-id="${a.streamId}"][data-state="live"]`).waitFor({ timeout: 45_000 });
    expect((await fetchStreamViewers(driver.client, a.streamId)).map((v) => v.username)).toEqual([dispatcher.username]);
    await revokeGrant(driver.client, driver.identity, grantId);
    const revokedAt = Date.now();
    await tile(a.streamId).getByText('Access revoked').first().waitFor({ timeout: 10_000 });
    const shownAfterMs = Date.now() - revokedAt;
    console.info(`revokeGrant returned → "Access revoked" on the wall: ${shownAfterMs} ms`);
    expect(shownAfterMs).toBeLessThan(1000);
    // Every tile of the driver lost its access: the unsigned stream (its watch still open) and the ended recording too.
    await tile(parked.streamId).getByText('Access revoked').first().waitFor({ timeout: 10_000 });
    await tile(ended.streamId).getByText('Access revoked').first().waitFor({ timeout: 10_000 });
    expect(await tile(a.streamId).getAttribute('data-state')).toBe('revoked');
    // Nobody watches any more: the wall's watch sockets are closed (presence, over the real API).
    for (const drive of drives) await expect.poll(() => fetchStreamViewers(driver.client, drive.streamId), { timeout: 15_000 }).toEqual([]);
    await page.locator('#wall-notices').getByText(`${driver.username} stopped sharing with you.`).waitFor();
    await screenshots(page, 'wall-revoked');
  });

  it('raises the alarm naming the failed check when a frame on the way is altered, and stops that watch', async () => {
    const [a] = drives;
    if (a === undefined) throw new Error('no drive');
    // A hostile path between the API and this page: the fifth binary frame of every new watch socket gets one byte flipped.
    await page.routeWebSocket(/\/ws\/watch/, (ws) => {
      const server = ws.connectToServer();
      let frames = 0;
      server.onMessage((message) => {
        if (typeof message !== 'string' && ++frames === 5) {
          const altered = Buffer.from(message);
          altered[altered.length - 100] = (altered[altered.length - 100] ?? 0) ^ 0x01;
          ws.send(altered);
          return;
        }
        ws.send(message);
      });
    });
    grantId = await shareAll(driver, dispatcher.username); // shared again: the tile watches again, through that path
    const alarm = tile(a.streamId).locator('.wall-alarm[data-alarm="signature"]');
    await alarm.waitFor({ timeout: 45_000 });
    expect(await alarm.getAttribute('role')).toBe('alert');
    expect(await alarm.textContent()).toMatch(
      new RegExp(`^Signature failure at seq \\d+\\. Frame \\d+ is not signed by @${driver.username}’s key`),
    );
    expect(await tile(a.streamId).getAttribute('data-state')).toBe('failed');
    expect(await tile(a.streamId).locator('.wall-badge').count()).toBe(0);
    await expect.poll(() => fetchStreamViewers(driver.client, a.streamId), { timeout: 15_000 }).toEqual([]);
    await screenshots(page, 'wall-alarm');
    await page.unrouteAll();
  });

  it('tells a driver the wall is for dispatchers and where to share, without asking for shared streams', async () => {
    const other = await readyAccount(app, driverAccount(), dir);
    const driverContext = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const driverPage = await driverContext.newPage();
      await signIn(driverPage, app.origin, other);
      const asked: string[] = [];
      driverPage.on('request', (request) => {
        if ((request.postData() ?? '').includes('SharedStreams')) asked.push(request.url());
      });
      await visit(driverPage, '/wall');
      await driverPage.locator('#wall-drivers').getByText('The live wall is for dispatchers').waitFor();
      expect(await driverPage.locator('#wall-drivers a[href="/sharing"]').count()).toBe(1);
      expect(await driverPage.locator('#wall-grid').count()).toBe(0);
      expect(asked).toEqual([]);
    } finally {
      await driverContext.close();
    }
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(problems).toEqual([]);
  });
});
