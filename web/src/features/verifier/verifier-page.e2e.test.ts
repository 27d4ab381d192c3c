/**
 * The evidence verifier page in real Chromium against the real API, with exports of a real
 * recording made by the SDK (so the root is the platform's). The pages load online, then the
 * network goes offline and every check runs without it: a genuine export is VERIFIED with its
 * signer, chain, time range and frame count, and its saved WebM is read by ffprobe; a frame
 * changed (and the file re-signed), a byte changed, a truncated file, a file that is no evidence
 * at all, a root of one's own that the file does not chain to, and a file over the size cap are
 * each refused with their precise reason. No request leaves the page after it loaded.
 */
import { execFile } from 'node:child_process';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeEvidenceFile, exportStream, type Recorder } from '@seccam/device';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURE, screenshots, useDriverPages } from '../sharing/driver-pages.test-support';
import { EVIDENCE_FILE_MAX_BYTES } from './evidence-verdict';
import { changeFrame, foreignCertificateExport, recordSignedFixture } from './verifier-scenes.test-support';

const run = promisify(execFile);
const TAMPERED_SEQ = 7;

interface Files {
  readonly disclosed: string;
  readonly wrapped: string;
  readonly frameChanged: string;
  readonly byteChanged: string;
  readonly truncated: Uint8Array;
  readonly notEvidence: string;
  readonly otherRoot: string;
  readonly notPem: string;
  readonly oversized: string;
  readonly foreign: string;
  readonly frames: number;
}

async function probe(path: string): Promise<{ codecs: string[]; duration: number }> {
  const { stdout } = await run('/usr/bin/ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_name',
    '-of',
    'json',
    path,
  ]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { codecs: parsed.streams.map((s) => s.codec_name).sort(), duration: Number(parsed.format.duration) };
}

/** Drops `bytes` as a file on the drop zone, the way a file dragged from the desktop arrives. */
async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.evaluate(
    ({ name, b64 }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'application/octet-stream' }));
      const zone = document.getElementById('drop-zone');
      if (zone === null) throw new Error('no drop zone');
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, b64: Buffer.from(bytes).toString('base64') },
  );
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page (run through DevTools, the CSP untouched), one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    interface Violation {
      readonly id: string;
      readonly impact: string | null;
      readonly nodes: readonly { readonly target: readonly string[] }[];
    }
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Serious accessibility violations, light and dark, at 320 and 1440 px, and whether the page scrolls sideways at 320 px. */
async function layoutProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [320, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      problems.push(...(await seriousViolations(page)).map((line) => `${colorScheme} ${width} px: ${line}`));
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) problems.push(`${colorScheme} ${width} px: ${scrollWidth} px wide`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return problems;
}

async function verdictOf(page: Page): Promise<{ verdict: string | null; reason: string | null; seq: string | null; code: string | null }> {
  const verdict = page.locator('#verdict');
  return {
    verdict: await verdict.getAttribute('data-verdict'),
    reason: await verdict.getAttribute('data-reason'),
    seq: await verdict.getAttribute('data-seq'),
    code: await verdict.getAttribute('data-code'),
  };
}

describe('the evidence verifier page in Chromium, offline', () => {
  let recording: Recorder;
  let files: Files;
  let signedOut: Page;
  const requestsAfterLoad: string[] = [];

  // The world's start-up has a fixed time budget; the recording and exports are a test of their own.
  const ready = useDriverPages('/recordings', () => Promise.resolve());

  it('records the fixture and exports it as the driver (SDK, real API)', async () => {
    const world = ready();
    const { driver, dir } = world;
    recording = await recordSignedFixture(driver.client, driver.identity, 'insurance claim');
    const disclosed = (await exportStream(driver.client, driver.identity, recording.streamId, { discloseKeys: true })).bytes;
    const wrapped = (await exportStream(driver.client, driver.identity, recording.streamId)).bytes;
    const byteChanged = disclosed.slice();
    const middle = Math.floor(byteChanged.byteLength / 2);
    byteChanged[middle] = (byteChanged[middle] ?? 0) ^ 0x01;
    const path = (name: string) => join(dir, name);
    await writeFile(path('claim.scex'), disclosed);
    await writeFile(path('claim-wrapped.scex'), wrapped);
    await writeFile(path('claim-frame-changed.scex'), await changeFrame(disclosed, TAMPERED_SEQ, driver.identity.sigPrivateKey));
    await writeFile(path('claim-byte-changed.scex'), byteChanged);
    await writeFile(path('holiday.scex'), Buffer.from('not an evidence file, just some text\n'));
    await writeFile(path('forged.scex'), await foreignCertificateExport(world.api, driver.identity));
    await writeFile(path('not-a-root.pem'), 'hello\n');
    await run('/usr/bin/openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path('other-root.key'),
      '-subj', '/O=Insurer Own CA/CN=Insurer Root', '-days', '30', '-out', path('other-root.pem'),
    ]); // prettier-ignore
    // Sparse: one byte over the cap, without writing a gigabyte.
    await writeFile(path('huge.scex'), '');
    await truncate(path('huge.scex'), EVIDENCE_FILE_MAX_BYTES + 1);
    files = {
      disclosed: path('claim.scex'),
      wrapped: path('claim-wrapped.scex'),
      frameChanged: path('claim-frame-changed.scex'),
      byteChanged: path('claim-byte-changed.scex'),
      truncated: disclosed.subarray(0, disclosed.byteLength - 100),
      notEvidence: path('holiday.scex'),
      otherRoot: path('other-root.pem'),
      notPem: path('not-a-root.pem'),
      oversized: path('huge.scex'),
      foreign: path('forged.scex'),
      frames: decodeEvidenceFile(disclosed).frames.length,
    };
  }, 120_000);

  it('loads signed in (the bundle’s root) and signed out (the platform root), then goes offline', async () => {
    const { page, context, origin } = ready();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Verify evidence' }).waitFor();
    await page.locator('#pinned-root[data-source="account"]').waitFor();
    // A new tab holds no keys (they live in one tab's memory): it verifies as anyone would.
    signedOut = await context.newPage();
    await signedOut.goto(`${origin}/verify`);
    await signedOut.locator('#pinned-root[data-source="platform"]').waitFor({ timeout: 20_000 });
    expect(await signedOut.getByRole('radio', { name: /root pinned in your key bundle/ }).count()).toBe(0);
    await signedOut.waitForLoadState('networkidle');
    await page.waitForLoadState('networkidle');
    await context.setOffline(true);
    context.on('request', (request) => {
      if (/^(https?|wss?):/.test(request.url())) requestsAfterLoad.push(request.url());
    });
  });

  it('verifies a genuine export with progress, names signer, chain, time range and frames, and saves a WebM ffprobe reads', async () => {
    const w = ready();
    const { page, driver } = w;
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.getElementById('verify-progress-text')?.textContent;
        if (text !== undefined && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.disclosed);
    await page.locator('#verdict[data-verdict="verified"]').waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen).toContain(`Checking signatures and the hash chain: ${files.frames} of ${files.frames} frames`);
    expect(seen).toContain(`Decrypting: ${files.frames} of ${files.frames} frames`);
    expect(await page.locator('#verdict-badge').textContent()).toBe('VERIFIED');
    expect(await page.locator('#fact-driver').textContent()).toContain(driver.username);
    expect(await page.locator('#fact-title').textContent()).toBe('insurance claim (as the driver signed it)');
    expect(await page.locator('#fact-frames').textContent()).toBe(`${files.frames} (seq 0 to ${files.frames - 1}, signed END)`);
    expect(await page.locator('#fact-stream').textContent()).toBe(recording.streamId);
    expect(await page.locator('#fact-time').textContent()).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(0:0[34]\)$/,
    );
    const chain = page.locator('#verdict-chain > li');
    expect(await chain.count()).toBe(3); // driver, intermediate, pinned root
    expect(await chain.first().textContent()).toContain(`CN=${driver.username}`);
    expect(await chain.last().textContent()).toContain('Your pinned root (from your key bundle)');
    // The certificate's log entry, proven in a head of the log key the page pinned, and the driver's own list.
    expect(await page.locator('#verdict-log').getAttribute('data-status')).toBe('verified');
    expect(await page.locator('#log-entry').textContent()).toMatch(/^\d+ of a tree of \d+$/);
    expect(await page.locator('#log-id').textContent()).toBe(await page.locator('#pinned-log').textContent());
    expect(await page.locator('#fact-known').textContent()).toContain(`${driver.username}’s list of 2`);
    const link = page.locator('#save-video');
    await link.waitFor({ timeout: 20_000 });
    await screenshots(page, 'verify-verified');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('claim.webm');
    const path = join(w.dir, 'claim.webm');
    await download.saveAs(path);
    const [saved, source] = await Promise.all([probe(path), probe(FIXTURE)]);
    expect(saved.codecs).toEqual(['opus', 'vp8']);
    expect(Math.abs(saved.duration - source.duration)).toBeLessThan(0.1);
  });

  it('names the frame whose signature fails, even when the exporter signed the changed file again', async () => {
    const { page } = ready();
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.frameChanged);
    await page.locator('#verdict[data-verdict="not-verified"]').waitFor({ timeout: 30_000 });
    expect(await verdictOf(page)).toEqual({ verdict: 'not-verified', reason: 'signature', seq: String(TAMPERED_SEQ), code: null });
    expect(await page.locator('#verdict-badge').textContent()).toBe('NOT VERIFIED');
    expect(await page.locator('#verdict-heading').textContent()).toContain(`(seq ${TAMPERED_SEQ})`);
    expect(await page.locator('#save-video').count()).toBe(0);
    await screenshots(page, 'verify-failed');
  });

  it('flags a recording signed with a certificate the driver never held, though it chains and is logged', async () => {
    const { page } = ready();
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.foreign);
    await page.locator('#verdict[data-verdict="not-verified"]').waitFor({ timeout: 30_000 });
    expect(await verdictOf(page)).toEqual({ verdict: 'not-verified', reason: 'foreign-certificate', seq: null, code: null });
    expect(await page.locator('#verdict-heading').textContent()).toBe('Signed with a certificate the driver never held');
    expect(await page.locator('#verdict-log').getAttribute('data-status')).toBe('claimed');
    expect(await page.locator('#log-id').textContent()).toBe(await page.locator('#pinned-log').textContent());
    await screenshots(page, 'verify-foreign-certificate');
  });

  it('shows both verdicts without serious accessibility violations, light or dark, and fits 320 px', async () => {
    const { page } = ready();
    const before = page.viewportSize();
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.disclosed);
    await page.locator('#save-video').waitFor({ timeout: 30_000 });
    expect(await layoutProblems(page)).toEqual([]);
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.frameChanged);
    await page.locator('#verdict[data-reason="signature"]').waitFor({ timeout: 30_000 });
    expect(await layoutProblems(page)).toEqual([]);
    if (before !== null) await page.setViewportSize(before);
  });

  it('refuses one changed byte, a truncated file and a file that is no evidence, each with its reason', async () => {
    const { page } = ready();
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.byteChanged);
    await page.locator('#verdict[data-reason="export-signature"]').waitFor({ timeout: 30_000 });
    expect(await verdictOf(page)).toEqual({ verdict: 'not-verified', reason: 'export-signature', seq: null, code: null });
    await dropFile(page, 'claim-cut.scex', files.truncated);
    await page.locator('#verdict[data-code="TRUNCATED"]').waitFor({ timeout: 30_000 });
    expect(await verdictOf(page)).toEqual({ verdict: 'not-verified', reason: 'malformed', seq: null, code: 'TRUNCATED' });
    expect(await page.locator('#verdict-heading').textContent()).toBe('The file is cut short');
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.notEvidence);
    await page.locator('#verdict[data-code="BAD_MAGIC"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verdict-heading').textContent()).toBe('This is not a SecCam evidence file');
  });

  it('refuses a file over the size cap before reading it', async () => {
    const { page } = ready();
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.oversized);
    await page.locator('#verdict[data-verdict="refused"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verdict-refused').textContent()).toBe(
      'huge.scex is 1.0 GiB; this page reads evidence files up to 1.0 GiB. Verify a larger file with the command-line verifier (seccam-device verify-export).',
    );
  });

  it('signed out: verifies wrapped keys without decrypting, and a root of one’s own the file does not chain to is untrusted-certificate', async () => {
    const page = signedOut;
    await page.getByLabel('Evidence file (.scex)').setInputFiles(files.wrapped);
    await page.locator('#verdict[data-verdict="verified"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#video-no-keys').textContent()).toContain('You are not signed in');
    expect(await page.locator('#save-video').count()).toBe(0);
    expect(await page.locator('#verdict-chain > li').last().textContent()).toContain('the platform root, fetched when this page loaded');

    await page.getByLabel('Root certificate file (PEM)').setInputFiles(files.notPem);
    expect(await page.locator('#root-file-error').textContent()).toBe(
      'not-a-root.pem is not a PEM certificate (one "BEGIN CERTIFICATE" block).',
    );
    expect(await page.locator('#pinned-root').getAttribute('data-source')).toBe('platform');

    // Choosing another root checks the file again against it.
    await page.getByLabel('Root certificate file (PEM)').setInputFiles(files.otherRoot);
    await page.locator('#pinned-root[data-source="file"]').waitFor();
    await page.locator('#verdict[data-reason="untrusted-certificate"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verdict-badge').textContent()).toBe('NOT VERIFIED');
    expect(await page.locator('#verdict-detail').textContent()).toBe('the file names another root than the pinned one');
    expect(await page.locator('#verdict-chain > li').last().textContent()).toContain('CN=Insurer Root');
    await screenshots(page, 'verify-untrusted');

    // Back to the platform root: the same file verifies again.
    await page.getByRole('radio', { name: /platform root this server publishes/ }).check();
    await page.locator('#verdict[data-verdict="verified"]').waitFor({ timeout: 30_000 });
  });

  it('sent no request after the pages loaded, and ran without CSP violations or page errors', async () => {
    expect(requestsAfterLoad).toEqual([]);
    expect(ready().problems).toEqual([]);
    // The check can fail: a request made offline is seen (and fails).
    const { page, origin } = ready();
    expect(
      await page.evaluate(() =>
        fetch('/pki/root.pem').then(
          () => 'answered',
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    expect(requestsAfterLoad).toEqual([`${origin}/pki/root.pem`]);
  });
});
