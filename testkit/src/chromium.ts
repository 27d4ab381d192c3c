/**
 * Real Chromium for browser tests: Debian's `/usr/bin/chromium` (installed by the test
 * prerequisites step), headless, with the flags this machine needs — no sandbox as root, no
 * background networking (the network is closed and Chromium would retry it), and a fake camera
 * and microphone granted without a prompt.
 */
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** A headless Chromium browser; close it in the test's `afterAll`. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, headless: true, args: [...CHROMIUM_ARGS], ...options });
}

/** A persistent Chromium profile in `userDataDir` (downloads, storage), with the same flags. */
export function launchChromiumContext(
  userDataDir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: [...CHROMIUM_ARGS],
    ...options,
  });
}
