/**
 * The camera encoder in real Chromium with the fake camera (640×480 @ 20 fps) and microphone:
 * items whose flags match their payloads, a keyframe about every second, VP8/VP9 and Opus packets
 * that decode with decoders configured from the items' own track records, from the track
 * processor and from the `<video>` element, and no VideoFrame left to the garbage collector.
 * Prints the capture → item latency of one frame per video frame and of 100 ms groups.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, launchChromiumContext } from '@seccam/testkit';
import { buildTestSite, serveTestSite, SITE_ORIGIN } from './browser-site.test-support.ts';
import type * as entry from './camera-encoder.test-entry.ts';

type TestWindow = { seccamTest?: typeof entry; gc?: () => void };

describe('CameraEncoder in Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const consoleMessages: string[] = [];
  const pageErrors: string[] = [];

  const encode = (input: entry.EncodeInput): Promise<entry.EncodeResult> =>
    page.evaluate((arg) => {
      const test = (window as unknown as TestWindow).seccamTest;
      if (test === undefined) throw new Error('the test entry is not loaded');
      return test.encode(arg);
    }, input);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-camera-'));
    const files = await buildTestSite(fileURLToPath(new URL('./camera-encoder.test-entry.ts', import.meta.url)), dir);
    context = await launchChromiumContext(join(dir, 'profile'), { args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] });
    await serveTestSite(context, files);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => consoleMessages.push(message.text()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${SITE_ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as TestWindow).seccamTest !== undefined);
  });

  afterAll(async () => {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });

  const expectDecodable = (result: entry.EncodeResult, seconds: number): void => {
    expect(result.decodeErrors).toEqual([]);
    expect(result.flagsAgree).toBe(true);
    expect(result.firstIsInit).toBe(true);
    expect(result.mediaSpanS).toBeGreaterThan(seconds - 0.7);
    // A keyframe about every second: the first at the start, then none more than ~1 s after the last
    // (the encoder may add one of its own, as VP9 sometimes does).
    expect(result.keyframesAtS[0]).toBeLessThan(0.2);
    const gaps = result.keyframesAtS.slice(1).map((at, i) => at - (result.keyframesAtS[i] ?? 0));
    // A loaded machine delivers camera frames late, so the bound allows for a few missing frames.
    expect(Math.max(...gaps)).toBeLessThan(1.35);
    expect(result.keyframesAtS.length).toBeGreaterThanOrEqual(Math.floor(seconds));
    expect(result.decodedVideoFrames).toBe(result.videoPackets);
    expect(result.videoPackets).toBe(result.stats.videoFrames);
    expect(result.videoPackets).toBeGreaterThan(seconds * 5); // 20 fps offered; a loaded machine delivers fewer
    expect(result.audioPackets).toBeGreaterThan(seconds * 40); // Opus: 20 ms packets
    expect(result.decodedAudioData).toBe(result.audioPackets);
  };

  it('encodes VP8 + Opus from the track processor, one frame per video frame, decodable and keyed every second', async () => {
    const result = await encode({ seconds: 3, frameMode: 'video-frame', source: 'auto', codec: 'vp8' });
    expect(result.stats.source).toBe('track-processor');
    expect(result.tracks).toEqual(['0:video:vp8', '1:audio:opus']);
    expectDecodable(result, 3);
    expect(result.items).toBeGreaterThanOrEqual(result.videoPackets);
    console.info(
      `per video frame: ${result.items} items, capture → item p50 ${result.latencyMs.p50.toFixed(1)} ms p95 ${result.latencyMs.p95.toFixed(1)} ms`,
    );
  });

  it('encodes VP9 in ~100 ms groups (latency printed for comparison)', async () => {
    const result = await encode({ seconds: 3, frameMode: 'grouped', source: 'auto', codec: 'vp9' });
    expect(result.tracks).toEqual(['0:video:vp09.00.10.08', '1:audio:opus']);
    expectDecodable(result, 3);
    // Groups hold several packets. Not necessarily several video frames: on a loaded machine the
    // first video frame can arrive late, so the two tracks' media clocks start apart and groups
    // are cut sooner (CI saw 70 groups for 60 video frames; alone it is about 31).
    expect(result.items).toBeLessThan((result.videoPackets + result.audioPackets) / 2);
    console.info(
      `100 ms groups: ${result.items} items, capture → item p50 ${result.latencyMs.p50.toFixed(1)} ms p95 ${result.latencyMs.p95.toFixed(1)} ms`,
    );
  });

  it('feeds the encoders from the <video> element and a Web Audio tap where there is no track processor', async () => {
    const result = await encode({ seconds: 3, frameMode: 'video-frame', source: 'video-element', codec: 'vp8' });
    expect(result.stats.source).toBe('video-element');
    expectDecodable(result, 3);
    console.info(
      `<video> element, per video frame: ${result.items} items, capture → item p50 ${result.latencyMs.p50.toFixed(1)} ms p95 ${result.latencyMs.p95.toFixed(1)} ms`,
    );
  });

  it('leaves no VideoFrame to the garbage collector', async () => {
    await page.evaluate(async () => {
      const { gc } = window as unknown as TestWindow;
      for (let i = 0; i < 3; i++) {
        gc?.();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    expect(consoleMessages.filter((text) => /garbage collected without being closed|not closed/i.test(text))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
