/**
 * `npm run screenshots`: PNG screenshots of every route at 375 px and 1440 px, written to
 * docs/screenshots/ with an index (docs/screenshots/README.md) the project README links to.
 *
 * It runs the app as it ships against the real API (app.test-support.ts: build, API on a free
 * port with an in-memory database, a ready driver) in Chromium: public pages signed out, then
 * the driver signs in on the sign-in page and every signed-in page (and the home page as a
 * driver sees it) is shot too. The home page is also shot in the dark colour scheme.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatcherAccount, launchChromium, uniqueName } from '@seccam/testkit';
import type { Browser, Page } from 'playwright-core';
import {
  appRoutes,
  readyAccount,
  signIn,
  startApp,
  visit,
  WEB_DIR,
  type ReadyBrowserAccount,
  type RunningApp,
} from '../src/app/app.test-support.ts';
import { shareAll, startLiveDrive, wallDriver } from '../src/features/wall/wall.test-support.ts';
import { writeEvidenceFiles } from '../src/features/verifier/verifier-scenes.test-support.ts';

const OUT_DIR = join(WEB_DIR, '..', 'docs', 'screenshots');
const WIDTHS = [375, 1440] as const;

interface Shot {
  readonly file: string;
  readonly caption: string;
}

async function shoot(page: Page, name: string, caption: string, shots: Shot[]): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 800 ? 812 : 900 });
    await page.mouse.move(0, 0); // no hover effect in the picture
    // Let layout settle after the resize (fonts, wrapped navigation) before the capture.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const file = `${name}-${width}.png`;
    await page.screenshot({ path: join(OUT_DIR, file), fullPage: true, animations: 'disabled', caret: 'hide' });
    shots.push({ file, caption: `${caption}, ${width} px` });
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'seccam-screenshots-'));
  const app = await startApp(dir);
  const browser = await launchChromium();
  const shots: Shot[] = [];
  try {
    await mkdir(OUT_DIR, { recursive: true });
    for (const old of await readdir(OUT_DIR)) if (old.endsWith('.png')) await rm(join(OUT_DIR, old));
    const username = uniqueName('driver');
    const driver = await readyAccount(app, { username, email: `${username}@example.test`, role: 'driver' }, dir);
    // A dispatcher in the directory, so the sharing page shows one to share with.
    const dispatcher = await readyAccount(app, dispatcherAccount(), dir);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, colorScheme: 'light', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${app.origin}/`);
    const routes = appRoutes();
    for (const route of routes.filter((r) => !r.signedIn)) {
      await visit(page, route.path);
      await shoot(page, route.name, `${route.pattern} (signed out)`, shots);
    }
    // The registration's second screen: the authenticator QR code and the bundle step.
    await visit(page, '/register');
    const newcomer = uniqueName('newdriver');
    await page.getByLabel(/^Username/).fill(newcomer);
    await page.getByLabel('E-mail').fill(`${newcomer}@example.test`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#totp-secret').waitFor({ timeout: 30_000 });
    await shoot(page, 'register-authenticator', '/register after "Create account": authenticator and bundle steps', shots);
    // Leaving this page asks first (the bundle is not saved); accept, the account is a throwaway.
    page.once('dialog', (dialog) => void dialog.accept());

    await page.emulateMedia({ colorScheme: 'dark' });
    await visit(page, '/');
    await shoot(page, 'home-dark', '/ (signed out, dark)', shots);
    await page.emulateMedia({ colorScheme: 'light' });

    await signIn(page, app.origin, driver);
    await visit(page, '/');
    await shoot(page, 'home-signed-in', '/ (signed in as a driver)', shots);
    for (const route of routes.filter((r) => r.signedIn)) {
      await visit(page, route.path);
      await shoot(page, route.name, `${route.pattern} (signed in as a driver)`, shots);
    }
    // Verifying a dispatcher: the pair's safety code to compare, the QR code to show.
    await visit(page, '/sharing');
    await page.getByLabel('Search by name, organisation or username').fill(dispatcher.username);
    await page.getByRole('button', { name: `Verify ${dispatcher.username}` }).click();
    await page.locator('#contact-verify #safety-code').waitFor({ timeout: 30_000 });
    await page.locator('#contact-verify').getByText('Show my QR code').click();
    await page
      .locator('#contact-verify')
      .getByRole('img', { name: /^Your SecCam contact code:/ })
      .waitFor();
    await shoot(page, 'sharing-verify', '/sharing with a dispatcher being verified: the safety code and the QR code', shots);
    // The verifier's verdicts: a genuine export of a recording of the fixture, and one with a frame changed.
    const evidence = await writeEvidenceFiles(page, app.api, app.origin, driver, dir);
    await visit(page, '/verify');
    await page.getByLabel('Evidence file (.scex)').setInputFiles(evidence.genuine);
    await page.locator('#save-video').waitFor({ timeout: 30_000 });
    await shoot(page, 'verify-verified', '/verify with a genuine evidence file: VERIFIED', shots);
    await page.getByLabel('Evidence file (.scex)').setInputFiles(evidence.changed);
    await page.locator('#verdict[data-verdict="not-verified"]').waitFor({ timeout: 30_000 });
    await shoot(page, 'verify-failed', '/verify with a frame changed: NOT VERIFIED, signature at seq 5', shots);
    await context.close();
    await shootWall(browser, app, dispatcher, dir, shots);
    await writeFile(join(OUT_DIR, 'README.md'), index(shots));
    process.stdout.write(`screenshots: ${shots.length} PNG files in ${OUT_DIR}\n`);
  } finally {
    await browser.close();
    await app.api.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The dispatcher's live wall: three drives recorded live (the fixture, looped) and shared, then one tile enlarged. */
async function shootWall(browser: Browser, app: RunningApp, dispatcher: ReadyBrowserAccount, dir: string, shots: Shot[]): Promise<void> {
  const driver = await wallDriver(app, dir);
  const drives = await Promise.all(['morning patrol', 'van 12 · Ghent ring', 'night shift'].map((title) => startLiveDrive(driver, title)));
  try {
    await shareAll(driver, dispatcher.username);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, colorScheme: 'light', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signIn(page, app.origin, dispatcher);
    await visit(page, '/wall');
    for (const drive of drives) {
      await page.locator(`li.wall-tile[data-stream-id="${drive.streamId}"][data-state="live"]`).waitFor({ timeout: 30_000 });
    }
    const pictures = () => [...document.querySelectorAll('li.wall-tile')].every((tile) => Number(tile.getAttribute('data-frames')) > 0);
    await page.waitForFunction(pictures, undefined, { timeout: 30_000 });
    await shoot(page, 'wall-dispatcher', '/wall (signed in as a dispatcher): three live drives', shots);
    await page.locator('li.wall-tile .wall-screen').first().click();
    await page.locator('li.wall-tile.focused').waitFor();
    await shoot(page, 'wall-dispatcher-focused', '/wall with one tile enlarged (its sound on)', shots);
    // Playback of what was shared: the list, then one drive played (verified so far: it is still live).
    await visit(page, '/shared');
    await shoot(page, 'shared-dispatcher', '/shared (signed in as a dispatcher): the recordings drivers shared', shots);
    const [first] = drives;
    if (first !== undefined) {
      await visit(page, `/shared/${first.streamId}`);
      await page.getByRole('button', { name: 'Play' }).click();
      await page.locator('#verification[data-state="verified"]').waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => Number(document.getElementById('decoded-frames')?.getAttribute('data-count')) > 0, undefined, {
        timeout: 30_000,
      });
      await shoot(page, 'shared-recording-dispatcher', '/shared/:id: a shared drive played, verified as signed by its driver', shots);
    }
    await context.close();
  } finally {
    for (const drive of drives) await drive.stop();
  }
}

function index(shots: readonly Shot[]): string {
  const lines = shots.map((shot) => `- [${shot.caption}](${shot.file})`);
  return `# Screenshots\n\nEvery route of the web app, written by \`npm run screenshots\` (do not edit by hand).\n\n${lines.join('\n')}\n`;
}

await main();
