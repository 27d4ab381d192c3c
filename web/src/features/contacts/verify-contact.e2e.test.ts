/**
 * Verified contacts in real Chromium against the real API: the driver compares the safety code
 * with a dispatcher from the directory (a wrong code is refused, the dispatcher's QR payload
 * verifies), the badge survives a reload (IndexedDB), and after the compromised server logs a
 * certificate of its own in the dispatcher's name the page warns before any share and shares
 * only when the driver accepts the change.
 */
import { fetchGrants } from '@seccam/device';
import { certificateFingerprint, certificateSafetyCode, encodeContactPayload, normalizeSerialHex } from '@seccam/pki';
import { forgedCertificate, installCertificate, logCertificate } from '@seccam/testkit';
import { describe, expect, it } from 'vitest';
import { screenshots, useDriverPages } from '../sharing/driver-pages.test-support';

describe('verifying a dispatcher in Chromium', () => {
  const ready = useDriverPages('/sharing', () => Promise.resolve());

  const card = () => {
    const { page, dispatcher } = ready();
    return page.locator('li.dispatcher', { hasText: `@${dispatcher.username}` });
  };
  const findDispatcher = async () => {
    const { page, dispatcher } = ready();
    await page.getByLabel('Search by name, organisation or username').fill(dispatcher.username);
    await card().waitFor();
  };

  it('shows the pair’s safety code, refuses a wrong one, verifies by the dispatcher’s QR payload and remembers it', async () => {
    const { page, driver, dispatcher } = ready();
    await findDispatcher();
    await card()
      .getByRole('button', { name: `Verify ${dispatcher.username}` })
      .click();
    const panel = page.locator('#contact-verify');
    const expected = await certificateSafetyCode(driver.account.contents.sigCertPem, dispatcher.account.contents.encCertPem);
    await expect.poll(() => panel.locator('#safety-code').textContent()).toBe(expected);
    await panel.getByText('Show my QR code').click();
    await panel.getByRole('img', { name: /^Your SecCam contact code: seccam-contact:1:/ }).waitFor();

    const input = panel.getByLabel(/Or paste the code or QR text/);
    await input.fill(expected.replace(/^\d/, (d) => String((Number(d) + 1) % 10)));
    await panel.getByRole('button', { name: 'Check' }).click();
    await panel.getByText('the safety code does not match').waitFor();

    const payload = encodeContactPayload(dispatcher.username, await certificateFingerprint(dispatcher.account.contents.encCertPem));
    await input.fill(payload);
    await panel.getByRole('button', { name: 'Check' }).click();
    await panel.locator('#contact-verified').waitFor();
    await card().getByText('✓ Verified').waitFor();
    await screenshots(page, 'contact-verified');

    // Kept in IndexedDB for the next visit (public data: names and fingerprints, no key).
    const stored = await page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const opening = indexedDB.open('seccam-contacts');
          opening.onerror = () => {
            reject(opening.error ?? new Error('open failed'));
          };
          opening.onsuccess = () => {
            const get = opening.result.transaction('contacts').objectStore('contacts').get(location.origin);
            get.onsuccess = () => {
              resolve(get.result);
            };
          };
        }),
    );
    expect(stored).toEqual([
      expect.objectContaining({ owner: driver.username, username: dispatcher.username, role: 'dispatcher', method: 'qr' }),
    ]);
  });

  it('warns before sharing with a verified dispatcher whose certificate changed, and shares only once accepted', async () => {
    const { api, page, driver, dispatcher } = ready();
    const forged = await forgedCertificate(api, dispatcher, 'enc');
    await logCertificate(api, forged.certPem);
    await installCertificate(api, dispatcher, 'enc', forged);
    // A new search reads the directory again, as the next visit would.
    await page.getByLabel('Search by name, organisation or username').fill('no-such-dispatcher-anywhere');
    await page.locator('#directory-empty').waitFor();
    await findDispatcher();
    await card().getByText('⚠ Certificate changed').waitFor();

    await card()
      .getByRole('button', { name: `Share with ${dispatcher.username}` })
      .click();
    await page.getByLabel('All my recordings, including future ones').check();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `@${dispatcher.username}’s certificate changed` });
    await dialog.waitFor();
    expect(await dialog.locator('#certificate-changed-warning').textContent()).toMatch(
      new RegExp(`^@${dispatcher.username}’s certificate changed on .+: compare the new code before sharing\\.$`),
    );
    expect(await fetchGrants(driver.client)).toEqual([]);
    await screenshots(page, 'contact-changed');

    await dialog.locator('#share-anyway').click();
    await page.locator('#grant-created').getByText(`Shared with ${dispatcher.username}`).waitFor({ timeout: 20_000 });
    const grants = await fetchGrants(driver.client);
    expect(grants.map((g) => g.dispatcherEncSerial)).toEqual([normalizeSerialHex(forged.serialHex)]);
  });

  it('ran without Content Security Policy violations or page errors', () => {
    expect(ready().problems).toEqual([]);
  });
});
