/**
 * A dispatcher plays recordings drivers shared with them, in real Chromium against the real API:
 * the driver records the real WebM fixture with the SDK from Node and grants; the dispatcher
 * signs in within the page. The list names the driver; a recording plays verified ("signed by
 * @driver · code"), seeks from the keyframe before the position, downloads as a WebM ffprobe
 * reads, and exports evidence the SDK verifies offline. Then a hostile database editor changes
 * stored chunks directly in the database — a flipped ciphertext byte, a deleted row, a cut tail
 * — and the page names the failed check and the seq where it happened.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGrant, login, verifyEvidenceExport, type Recorder } from '@seccam/device';
import { certificateVerificationCode } from '@seccam/pki';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from '../../app/app.test-support';
import { canvasDigest, preparedDownload, probeMedia } from '../recordings/recording-pages.test-support';
import {
  FIXTURE,
  recordFixture,
  screenshots,
  signInInPage,
  startDriverPages,
  stopDriverPages,
  type DriverPages,
} from '../sharing/driver-pages.test-support';

/** Stored chunks, edited the way someone with write access to the database would (this test plays that attacker). */
const hostileEdit = {
  flipCiphertextByte: (world: DriverPages, streamId: string, seq: number) =>
    world.api.db.database.db.execute(
      `UPDATE chunks SET ciphertext = set_byte(ciphertext, 3, get_byte(ciphertext, 3) # 1) WHERE stream_id = '${uuid(streamId)}' AND seq = ${seq}`,
    ),
  deleteChunks: (world: DriverPages, streamId: string, fromSeq: number, toSeq: number) =>
    world.api.db.database.db.execute(`DELETE FROM chunks WHERE stream_id = '${uuid(streamId)}' AND seq BETWEEN ${fromSeq} AND ${toSeq}`),
  relabel: (world: DriverPages, streamId: string) =>
    world.api.db.database.db.execute(
      `UPDATE streams SET title = 'Lunch break', started_at = started_at - interval '3 hours' WHERE id = '${uuid(streamId)}'`,
    ),
};

function uuid(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a uuid: ${id}`);
  return id;
}

async function openShared(page: Page, streamId: string, title: string): Promise<void> {
  await visit(page, `/shared/${streamId}`);
  await page.getByRole('heading', { name: title }).waitFor();
}

/** Opens a shared recording and plays it until the verification alarm shows; answers the alarm. */
async function playUntilAlarm(page: Page, streamId: string, title: string): Promise<Locator> {
  await openShared(page, streamId, title);
  await page.getByRole('button', { name: 'Play' }).click();
  const alarm = page.locator('#verification[data-state="failed"] [role="alert"]');
  await alarm.waitFor({ timeout: 30_000 });
  return alarm;
}

const decodedOf = async (page: Page) => Number(await page.locator('#decoded-frames').getAttribute('data-count'));

describe('recordings shared with a dispatcher, in Chromium', () => {
  let world: DriverPages | undefined;
  let clean: Recorder;
  let flipped: Recorder;
  let gappy: Recorder;
  let cut: Recorder;
  let open: Recorder;
  let relabelled: Recorder;
  const ready = (): DriverPages => {
    if (world === undefined) throw new Error('the pages did not start');
    return world;
  };

  beforeAll(async () => {
    const w = await startDriverPages({ dispatcherInPage: true });
    world = w;
    await login(w.driver.client, w.driver.account.contents, w.driver.account.nextCode);
    clean = await recordFixture(w, 'evening drive');
    flipped = await recordFixture(w, 'flipped drive');
    gappy = await recordFixture(w, 'gappy drive');
    cut = await recordFixture(w, 'cut drive');
    open = await recordFixture(w, 'unfinished drive', { end: false });
    await open.close();
    relabelled = await recordFixture(w, 'relabelled drive');
    await createGrant(w.driver.client, w.driver.identity, { dispatcher: w.dispatcher.username, scope: 'all' });
    await hostileEdit.flipCiphertextByte(w, flipped.streamId, 20);
    await hostileEdit.deleteChunks(w, gappy.streamId, 15, 15);
    await hostileEdit.deleteChunks(w, cut.streamId, 30, 1_000_000);
    await hostileEdit.relabel(w, relabelled.streamId);
    await signInInPage(w, w.dispatcher, '/shared');
  }, 300_000);
  afterAll(() => stopDriverPages(world));

  it('lists the shared recordings with their driver and state', async () => {
    const { page, driver } = ready();
    const item = page.locator(`li.recording[data-stream-id="${clean.streamId}"]`);
    await item.waitFor();
    expect(await page.locator('li.recording').count()).toBe(6);
    expect(await item.locator('.recording-owner').textContent()).toBe(`@${driver.username}`);
    expect(await item.locator('.state').textContent()).toBe('Ended');
    expect(await item.locator('.recording-duration').textContent()).toMatch(/^0:0\d$/);
    const openItem = page.locator(`li.recording[data-stream-id="${open.streamId}"]`);
    expect(await openItem.locator('.state').textContent()).toMatch(/^Ended unsigned at seq \d+$/);
    await screenshots(page, 'shared');
  });

  it('plays a shared recording verified as signed by the driver, and seeks from the keyframe before the position', async () => {
    const { page, driver } = ready();
    await page.locator(`li.recording[data-stream-id="${clean.streamId}"] a`).click();
    await page.waitForURL(`**/shared/${clean.streamId}`);
    await page.getByRole('heading', { name: 'evening drive' }).waitFor();
    expect(await page.locator('#recording-owner').textContent()).toBe(`@${driver.username}`);
    expect(await page.locator('#verification').getAttribute('data-state')).toBe('idle');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.locator('#player-status').getByText('Played to the end').waitFor({ timeout: 30_000 });
    expect(await decodedOf(page)).toBe(80); // 4 s at 20 fps, from the first frame
    const code = await certificateVerificationCode(driver.account.contents.sigCertPem);
    await page.locator('#verification[data-state="verified"]').waitFor();
    expect(await page.locator('#verification-verdict').textContent()).toBe(`✓ Verified: signed by @${driver.username} · ${code}`);
    await expect.poll(() => page.locator('#player-duration').textContent()).toBe('0:04');
    await screenshots(page, 'shared-recording');

    // The last frame is on the canvas; seek to 2.5 s: the fixture has a keyframe every second.
    const atEnd = await page.evaluate(canvasDigest);
    await page.locator('#player-seek').fill('2500');
    await expect.poll(() => page.evaluate(canvasDigest), { timeout: 10_000 }).not.toBe(atEnd);
    expect(['0:03', '0:04']).toContain(await page.locator('#player-position').textContent());
    await page.locator('#player-status').getByText('Played to the end').waitFor({ timeout: 30_000 });
    // Decoded from the keyframe at 2 s (not from the start, not from 2.5 s): 2 s of frames.
    expect(await decodedOf(page)).toBe(40);
    expect(await page.locator('#player-error').count()).toBe(0);
  });

  it('pauses and resumes', async () => {
    const { page } = ready();
    await page.getByRole('button', { name: 'Play again' }).click();
    await expect.poll(() => decodedOf(page), { timeout: 10_000 }).toBeGreaterThan(5);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#player-status').getByText('Paused').waitFor();
    const paused = await page.evaluate(canvasDigest);
    const position = await page.locator('#player-position').textContent();
    // Paused: a second on, the same picture and position.
    await page.waitForFunction((start) => performance.now() - start > 1000, await page.evaluate(() => performance.now()));
    expect(await page.evaluate(canvasDigest)).toBe(paused);
    expect(await page.locator('#player-position').textContent()).toBe(position);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('#player-status').getByText('Played to the end').waitFor({ timeout: 30_000 });
    expect(await decodedOf(page)).toBe(80);
  });

  it('downloads the decrypted WebM, which ffprobe reads (VP8 + Opus, the recorded duration)', async () => {
    const w = ready();
    const { page } = w;
    const path = join(w.dir, 'shared.webm');
    const download = await preparedDownload(page, 'Prepare the video', '#webm-link', path);
    expect(download.suggestedFilename()).toBe(`evening-drive-${clean.streamId.slice(0, 8)}.webm`);
    const [got, source] = await Promise.all([probeMedia(path), probeMedia(FIXTURE)]);
    expect(got.codecs).toEqual(['opus', 'vp8']);
    expect(Math.abs(got.duration - source.duration)).toBeLessThan(0.1);
  });

  it('exports an evidence file that verifyEvidenceExport accepts with the dispatcher’s key', async () => {
    const w = ready();
    const { page, dispatcher, driver } = w;
    expect(await page.locator('.files').textContent()).toContain(`The frames exactly as @${driver.username} signed them`);
    const path = join(w.dir, 'shared.scex');
    await preparedDownload(page, 'Export evidence', '#evidence-link', path);
    const result = await verifyEvidenceExport(new Uint8Array(await readFile(path)), {
      rootPem: w.api.pki.rootPem,
      encPrivateKey: dispatcher.identity.encPrivateKey,
    });
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.report).toMatchObject({ streamId: clean.streamId, ended: 'signed', decrypted: true });
  });

  it('a ciphertext byte flipped in the database: a signature failure at that seq', async () => {
    const { page } = ready();
    const alarm = await playUntilAlarm(page, flipped.streamId, 'flipped drive');
    expect(await alarm.getAttribute('data-reason')).toBe('signature');
    expect(await alarm.getAttribute('data-seq')).toBe('20');
    expect(await page.locator('#verification-verdict').textContent()).toBe('✕ Tampering detected — Signature failure at seq 20');
    // Only the 20 frames before it were verified and played.
    await page.locator('#player-status').getByText('Stopped').waitFor({ timeout: 30_000 });
    expect(Number(await page.locator('#verified-frames').getAttribute('data-count'))).toBe(20);
    await screenshots(page, 'shared-tampered');
  });

  it('a chunk row deleted from the database: a gap naming the missing seq', async () => {
    const { page } = ready();
    const alarm = await playUntilAlarm(page, gappy.streamId, 'gappy drive');
    expect(await alarm.getAttribute('data-reason')).toBe('gap');
    expect(await page.locator('#verification-verdict').textContent()).toBe('✕ Tampering detected — Gap at seq 15');
    expect(await page.locator('#verification-detail').textContent()).toBe(
      'frame 15 is missing: the next frame the server sent was seq 16.',
    );
  });

  it('the tail deleted from the database (END included): truncated where the frames stop', async () => {
    const { page } = ready();
    const alarm = await playUntilAlarm(page, cut.streamId, 'cut drive');
    expect(await alarm.getAttribute('data-reason')).toBe('truncated');
    expect(await page.locator('#verification-verdict').textContent()).toBe('✕ Tampering detected — Truncated at seq 30');
  });

  it('a title and start changed in the database: the driver’s signed ones are shown, with a warning', async () => {
    const { page } = ready();
    await openShared(page, relabelled.streamId, 'Lunch break');
    expect(await page.locator('#recording-start').getAttribute('data-signed')).toBe('false');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('heading', { name: 'relabelled drive' }).waitFor({ timeout: 30_000 });
    const warning = page.locator('.server-copy-warning');
    expect(await warning.getAttribute('data-mismatch')).toBe('title start');
    expect(await warning.textContent()).toContain('the server lists the title “Lunch break”, the driver signed “relabelled drive”');
    expect(await page.locator('#recording-start').getAttribute('data-signed')).toBe('true');
    // The frames themselves are untouched: the recording still verifies.
    await page.locator('#verification[data-state="verified"]').waitFor({ timeout: 30_000 });
  });

  it('a recording without END: verified so far, waiting for more frames', async () => {
    const { page } = ready();
    await openShared(page, open.streamId, 'unfinished drive');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.locator('#verification[data-state="verified"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verification-verdict').textContent()).toMatch(/^✓ Verified so far: signed by @/);
    await page.locator('#player-status').getByText('Waiting for new frames').waitFor({ timeout: 30_000 });
  });

  it('an unknown recording says so and leads back', async () => {
    const { page } = ready();
    await visit(page, '/shared/00000000-0000-4000-8000-000000000000');
    expect(await page.locator('#shared-error').textContent()).toMatch(/does not exist, was deleted, or is no longer shared with you/);
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(ready().problems).toEqual([]);
  });
});
