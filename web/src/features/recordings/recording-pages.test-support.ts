// Test support only: what the driver's and the dispatcher's recording page tests both do in Chromium.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Download, Page } from 'playwright-core';

const run = promisify(execFile);

/** What ffprobe reads in a media file: its duration (s) and its streams' codecs, sorted. */
export async function probeMedia(path: string): Promise<{ duration: number; codecs: string[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', path]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { duration: Number(parsed.format.duration), codecs: parsed.streams.map((s) => s.codec_name).sort() };
}

/** A cheap fingerprint of the player canvas pixels (run in the page: `page.evaluate(canvasDigest)`). */
export function canvasDigest(): number {
  const canvas = document.getElementById('player-canvas');
  if (!(canvas instanceof HTMLCanvasElement)) return -1;
  const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
  let hash = 0;
  for (let i = 0; i < data.length; i += 16) hash = (hash * 31 + (data[i] ?? 0)) | 0;
  return hash;
}

/** Clicks the button named `button`, waits for the download link it prepares (`linkSelector`) and saves the download at `path`. */
export async function preparedDownload(page: Page, button: string, linkSelector: string, path: string): Promise<Download> {
  await page.getByRole('button', { name: button }).click();
  const link = page.locator(linkSelector);
  await link.waitFor({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  await download.saveAs(path);
  return download;
}
