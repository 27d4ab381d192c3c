import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { login } from '../../accounts/account.ts';
import type { Recorder } from '../../streaming/recorder.ts';
import type { HttpsClient } from '../https-client.ts';
import type { CliContext } from './cli-context.ts';
import type { ProgressLine } from './progress-line.ts';
import { readSessionState } from './state-file.ts';

const run = promisify(execFile);
const STATE_POLL_MS = 2000;
const TOTP_RETRY_MS = 30_000;

// [Note: signing in again during a recording]
// The ingest client never fails on a lost session ([Note: a session lost while offline]); the
// CLI gets a new one in two ways, whichever comes first, and then reconnects at once:
// - with `--totp-command`, it runs the command for a code and logs in with the bundle it already
//   opened (SECCAM_BUNDLE_PASSWORD or the prompt at start), retrying every 30 s while it fails;
// - it watches the session file, so a `login` run in another terminal is picked up.
// Until then every frame stays in the buffer and the operator is told what to do.

/** Keeps the recording's session alive across a 401: see [Note: signing in again during a recording]. */
export function renewSessionWhenLost(
  ctx: CliContext,
  client: HttpsClient,
  recorder: Recorder,
  progress: ProgressLine,
  totpCommand: string | undefined,
): () => void {
  let renewing: { stop: () => void } | null = null;
  const off = recorder.ingest.on('status', (status) => {
    if (status === 'unauthenticated' && renewing === null) renewing = startRenewal(ctx, client, recorder, progress, totpCommand);
    if (status !== 'unauthenticated' && renewing !== null) {
      renewing.stop();
      renewing = null;
      if (status === 'live') progress.log('signed in again: the buffered frames are uploading');
    }
  });
  return () => {
    off();
    renewing?.stop();
  };
}

function startRenewal(
  ctx: CliContext,
  client: HttpsClient,
  recorder: Recorder,
  progress: ProgressLine,
  totpCommand: string | undefined,
): { stop: () => void } {
  const shout = (line: string): void => {
    progress.log(line);
  };
  shout(
    'SESSION EXPIRED: the server refused the session (401). Recording continues into the buffer; nothing is dropped. ' +
      (totpCommand === undefined
        ? `Run \`npm run device -- login --totp <code>\` in another terminal (same --state ${ctx.stateFile}); the stream resumes by itself.`
        : 'Signing in again with --totp-command.'),
  );
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, step: () => Promise<void>): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) void step();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const known = JSON.stringify(Object.fromEntries(client.cookies));
  const watchStateFile = async (): Promise<void> => {
    const state = await readSessionState(ctx.stateFile).catch(() => null);
    if (!stopped && state !== null && state.server === client.options.baseUrl && JSON.stringify(state.cookies) !== known) {
      for (const [name, value] of Object.entries(state.cookies)) client.cookies.set(name, value);
      shout(`a new session was saved in ${ctx.stateFile} (${state.savedAt}): reconnecting`);
      recorder.ingest.reconnectNow();
    }
    later(STATE_POLL_MS, watchStateFile);
  };
  const loginWithCommand = async (command: string): Promise<void> => {
    try {
      const { stdout } = await run('/bin/sh', ['-c', command], { timeout: 20_000 });
      const code = stdout.trim();
      await login(client, await ctx.bundle(), code);
      await ctx.saveSession(client, (await ctx.bundle()).username, client.options.ca);
      shout('signed in again with --totp-command: reconnecting');
      recorder.ingest.reconnectNow();
    } catch (error) {
      shout(`warning: signing in with --totp-command failed (${String(error)}); trying again in 30 s, still buffering`);
      later(TOTP_RETRY_MS, () => loginWithCommand(command));
    }
  };
  later(STATE_POLL_MS, watchStateFile);
  if (totpCommand !== undefined) void loginWithCommand(totpCommand);
  return {
    stop: () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
