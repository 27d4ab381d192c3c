/**
 * The sharing page in real Chromium against the real API: the driver finds a dispatcher in the
 * directory (search, no-result state, verification code), shares all recordings, and the
 * dispatcher's SDK in Node then fetches keys and decrypts; revoking asks first and closes the
 * dispatcher's live watch socket with 4499 within a second.
 */
import { certificateVerificationCode } from '@seccam/pki';
import { CloseCode } from '@seccam/schema';
import { readMediaFile } from '@seccam/device/node';
import { readStreamMedia, WatchClient, type Recorder } from '@seccam/device';
import { describe, expect, it } from 'vitest';
import { FIXTURE, recordFixture, screenshots, useDriverPages } from './driver-pages.test-support';

describe('the sharing page in Chromium', () => {
  let recorded: Recorder;
  const ready = useDriverPages('/sharing', async (world) => {
    recorded = await recordFixture(world, 'morning drive');
  });

  it('searches the directory (debounced), says when nothing matches, and shows the verification code', async () => {
    const { page, dispatcher } = ready();
    const search = page.getByLabel('Search by name, organisation or username');
    await search.fill('no-such-dispatcher-anywhere');
    await page.locator('#directory-empty').getByText('No dispatcher matches').waitFor();
    await search.fill(dispatcher.username.slice(0, 8));
    const card = page.locator('li.dispatcher', { hasText: `@${dispatcher.username}` });
    await card.waitFor();
    const expected = await certificateVerificationCode(dispatcher.account.contents.encCertPem);
    await expect.poll(() => card.locator('.verification-code').textContent()).toBe(expected);
    expect(await card.getByText('Acme Fleet · BE').count()).toBe(1);
    await screenshots(page, 'sharing-directory');
  });

  it('grants all recordings from the directory: the dispatcher fetches the keys and decrypts the recording', async () => {
    const { page, dispatcher } = ready();
    await page
      .locator('li.dispatcher', { hasText: `@${dispatcher.username}` })
      .getByRole('button', { name: /^Share with/ })
      .click();
    await page.getByLabel('All my recordings, including future ones').check();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.locator('#grant-created').getByText(`Shared with ${dispatcher.username}`).waitFor({ timeout: 20_000 });
    expect(await page.locator('#grant-created').textContent()).toContain('1 key of your existing recordings');
    await page.locator('li.grant', { hasText: `@${dispatcher.username}` }).waitFor();
    await screenshots(page, 'sharing');

    const media = await readStreamMedia(dispatcher.client, dispatcher.identity, recorded.streamId);
    const source = await readMediaFile(FIXTURE);
    expect(media.unreadable).toEqual([]);
    expect(media.ended).toBe('signed');
    expect(media.packets.length).toBe(source.packets.length);
    expect(media.packets.every((p, i) => Buffer.from(p.data).equals(Buffer.from(source.packets[i]?.data ?? [])))).toBe(true);
  });

  it('revokes only after confirmation, and the dispatcher watching live is closed with 4499 within a second', async () => {
    const w = ready();
    const { page, dispatcher } = w;
    const live = await recordFixture(w, 'live drive', { end: false });
    const watch = new WatchClient({ client: dispatcher.client, identity: dispatcher.identity, streamId: live.streamId, from: 0 });
    const subscribed = await watch.start();
    expect(subscribed.ended).toBe(false);

    const grant = page.locator('li.grant', { hasText: `@${dispatcher.username}` });
    await grant.getByRole('button', { name: `Revoke @${dispatcher.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Stop sharing with @${dispatcher.username}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(watch.status).toBe('live');

    await grant.getByRole('button', { name: `Revoke @${dispatcher.username}` }).click();
    // Measured from the moment the page sends the signed revocation (signing in the page excluded).
    const sentAt = page
      .waitForRequest((request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('RevokeGrant'))
      .then(() => Date.now());
    await dialog.getByRole('button', { name: 'Revoke access' }).click();
    const outcome = await watch.whenDone();
    const closedAfterMs = Date.now() - (await sentAt);
    console.info(`revocation sent → dispatcher's watch socket closed (4499): ${closedAfterMs} ms`);
    expect(outcome).toMatchObject({ status: 'revoked', closeCode: CloseCode.Revoked });
    expect(closedAfterMs).toBeLessThan(1000);
    expect(outcome.chain.verified).toBeGreaterThan(0);
    await page.locator('#grant-notice').getByText(`Access of @${dispatcher.username} revoked`).waitFor();
    await page.locator('#grants-empty').waitFor();
    await live.close();
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(ready().problems).toEqual([]);
  });
});
