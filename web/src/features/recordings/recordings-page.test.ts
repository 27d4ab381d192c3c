/**
 * The recordings pages in real Chromium against the real API, with recordings of the real WebM
 * fixture made by the SDK's Recorder: the list shows each with its state; a recording plays in
 * the page (WebCodecs frames decoded, canvas pixels changing); the downloaded WebM is read by
 * ffprobe with the recorded duration; the evidence export verifies offline; delete asks first.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGrant, fetchStream, GraphQLRequestError, verifyEvidenceExport, WatchClient, type Recorder } from '@seccam/device';
import { describe, expect, it } from 'vitest';
import { FIXTURE, recordFixture, screenshots, useDriverPages } from '../sharing/driver-pages.test-support';

import { formatDuration } from '../../lib/format';
import { canvasDigest, preparedDownload, probeMedia } from './recording-pages.test-support';

describe('the recordings pages in Chromium', () => {
  let ended: Recorder;
  let open: Recorder;
  const ready = useDriverPages('/recordings', async (world) => {
    ended = await recordFixture(world, 'evening drive', { realtime: true });
    open = await recordFixture(world, 'interrupted drive', { end: false });
    await open.close();
  });

  it('lists each recording with its length, size and state', async () => {
    const { page, driver } = ready();
    // The list was loaded before the recordings existed: leave and come back (a reload would forget the keys).
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Account' }).click();
    await nav.getByRole('link', { name: 'Recordings' }).click();
    const endedItem = page.locator(`li.recording[data-stream-id="${ended.streamId}"]`);
    const openItem = page.locator(`li.recording[data-stream-id="${open.streamId}"]`);
    await endedItem.waitFor();
    const endedInfo = await fetchStream(driver.client, ended.streamId);
    const openInfo = await fetchStream(driver.client, open.streamId);
    expect(await endedItem.locator('.state').textContent()).toBe('Ended');
    expect(await openItem.locator('.state').textContent()).toBe(`Ended unsigned at seq ${openInfo.lastSeq ?? -1}`);
    // Recorded in real time: the span from the first capture to the signed END is the length.
    expect(await endedItem.locator('.recording-duration').textContent()).toBe('0:04');
    expect(await openItem.locator('.recording-duration').textContent()).toBe(`about ${formatDuration(openInfo.frameCount * 100)}`);
    expect(await endedItem.locator('.recording-size').textContent()).toMatch(/^\d+(\.\d)? KiB$/);
    expect(endedInfo.frameCount).toBeGreaterThan(30);
    await screenshots(page, 'recordings');
  });

  it('plays a recording in the page: decoded frames advance and the canvas changes', async () => {
    const { page } = ready();
    await page.locator(`li.recording[data-stream-id="${ended.streamId}"] a`).click();
    await page.waitForURL(`**/recordings/${ended.streamId}`);
    await page.getByRole('heading', { name: 'evening drive' }).waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    const decoded = async () => Number(await page.locator('#decoded-frames').getAttribute('data-count'));
    await expect.poll(decoded, { timeout: 10_000 }).toBeGreaterThan(5);
    const first = await page.evaluate(canvasDigest);
    const firstCount = await decoded();
    await expect.poll(decoded, { timeout: 10_000 }).toBeGreaterThan(firstCount + 10);
    expect(await page.evaluate(canvasDigest)).not.toBe(first);
    await page.locator('#player-status').getByText('Played to the end').waitFor({ timeout: 15_000 });
    expect(await decoded()).toBe(80); // 4 s at 20 fps
    await expect.poll(() => page.locator('#player-position').textContent()).toBe('0:04');
    expect(await page.locator('#player-error').count()).toBe(0);
    await screenshots(page, 'recording');
  });

  it('downloads the decrypted WebM, which ffprobe reads with the recorded duration', async () => {
    const w = ready();
    const { page } = w;
    const path = join(w.dir, 'download.webm');
    const download = await preparedDownload(page, 'Prepare the video', '#webm-link', path);
    expect(download.suggestedFilename()).toBe(`evening-drive-${ended.streamId.slice(0, 8)}.webm`);
    const [got, source] = await Promise.all([probeMedia(path), probeMedia(FIXTURE)]);
    expect([got.codecs, source.codecs]).toEqual([
      ['opus', 'vp8'],
      ['opus', 'vp8'],
    ]);
    expect(Math.abs(got.duration - source.duration)).toBeLessThan(0.1);
  });

  it('exports an evidence file that verifies offline against the root', async () => {
    const w = ready();
    const { page, driver } = w;
    const path = join(w.dir, 'evidence.scex');
    await preparedDownload(page, 'Export evidence', '#evidence-link', path);
    const result = await verifyEvidenceExport(new Uint8Array(await readFile(path)), {
      rootPem: w.api.pki.rootPem,
      encPrivateKey: driver.identity.encPrivateKey,
    });
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.report).toMatchObject({ streamId: ended.streamId, ended: 'signed', decrypted: true });
  });

  it('deletes only after confirmation', async () => {
    const { page, driver } = ready();
    await page.getByRole('button', { name: 'Delete this recording' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “evening drive”?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await fetchStream(driver.client, ended.streamId)).id).toBe(ended.streamId);
    await page.getByRole('button', { name: 'Delete this recording' }).click();
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL(/\/recordings$/);
    await page.locator(`li.recording[data-stream-id="${open.streamId}"]`).waitFor();
    expect(await page.locator(`li.recording[data-stream-id="${ended.streamId}"]`).count()).toBe(0);
    const gone: unknown = await fetchStream(driver.client, ended.streamId).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(GraphQLRequestError);
    expect((gone as GraphQLRequestError).code).toBe('NOT_FOUND');
  });

  it('shows who is watching now, live, and the access history names the dispatcher', async () => {
    const { page, driver, dispatcher } = ready();
    await createGrant(driver.client, driver.identity, { dispatcher: dispatcher.username, scope: 'all' });
    await page.locator(`li.recording[data-stream-id="${open.streamId}"] a`).click();
    await page.getByRole('heading', { name: 'interrupted drive' }).waitFor();
    await page.locator('#watching-empty').waitFor();
    const watch = new WatchClient({ client: dispatcher.client, identity: dispatcher.identity, streamId: open.streamId, from: 'live' });
    await watch.start();
    await page.locator('#watching-list').getByText(`@${dispatcher.username}`).waitFor({ timeout: 10_000 });
    await screenshots(page, 'recording-watched');
    await watch.close();
    await page.locator('#watching-empty').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#history-list li[data-kind="watch"]', { hasText: `@${dispatcher.username} (Acme Fleet) watched` }).waitFor();
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(ready().problems).toEqual([]);
  });
});
