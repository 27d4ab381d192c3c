import { readdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { groupIntoPayloads, type PayloadGroup } from '../../../media/group-payloads.ts';
import { StreamingError } from '../../../streaming/streaming-error.ts';
import { DiskFrameStore, bufferDirBytes } from '../../disk-frame-store.ts';
import { renewSessionWhenLost } from '../session-renewal.ts';
import { readMediaFile } from '../../read-media-file.ts';
import { syntheticSource } from '../../../media/synthetic-source.ts';
import { Recorder } from '../../../streaming/recorder.ts';
import { usageError } from '../cli-error.ts';
import type { CliContext } from '../cli-context.ts';
import { booleanOption, formatBytes, numberOption, stringOption, type Command, type OptionValues } from '../command.ts';
import { ProgressLine } from '../progress-line.ts';

async function sourceGroups(positionals: readonly string[], values: OptionValues, captureStartMs: number): Promise<PayloadGroup[]> {
  // The title and start are signed in every INIT frame ([Note: signed stream info]).
  const info = { title: stringOption(values, 'title') ?? '', startedAtMs: captureStartMs };
  const testSource = booleanOption(values, 'test-source');
  const [file, ...rest] = positionals;
  if (rest.length > 0 || (file === undefined) === !testSource)
    throw usageError(`give either a WebM file or --test-source; usage: stream ${streamCommand.usage}`);
  const media =
    file === undefined ? syntheticSource({ seconds: numberOption(values, 'seconds', 10), audio: true }) : await readMediaFile(file);
  return groupIntoPayloads(media.tracks, media.packets, { captureStartMs, info });
}

function sleepUntil(at: number): Promise<void> {
  const delay = at - Date.now();
  return delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : Promise.resolve();
}

function describeProgress(recorder: Recorder, total: number): string {
  const { nextSeq, epoch, ingest } = recorder.progress;
  const acked = ingest.lastAckedSeq === null ? '-' : String(ingest.lastAckedSeq);
  return `seq ${nextSeq}/${total} sealed | acked ${acked} | unacked ${ingest.unackedCount} (${formatBytes(ingest.bufferedBytes)}) | epoch ${epoch ?? '-'} | ${ingest.status}${ingest.reconnects ? ` | reconnects ${ingest.reconnects}` : ''}`;
}

function reportEvents(recorder: Recorder, progress: ProgressLine): void {
  recorder.on('epoch', (published, reason) => {
    progress.log(`epoch ${published.epoch} (${reason}): key wrapped to ${published.recipients.join(', ')}`);
  });
  recorder.on('warning', (message) => {
    progress.log(`warning: ${message}`);
  });
  recorder.ingest.on('retry', ({ attempt, delayMs, closeCode, reason }) => {
    progress.log(`connection lost (${closeCode}${reason ? ` ${reason}` : ''}); reconnect attempt ${attempt} in ${delayMs} ms`);
  });
  recorder.ingest.on('resume', (message) => {
    progress.log(`connected: the server holds up to seq ${message.lastSeq ?? 'none'}`);
  });
}

// [Note: a full buffer keeps the oldest footage]
// The disk buffer is bounded (--max-buffer-mb, default 2 GiB). When it is full, the frames in
// it are kept — they are the oldest footage and the evidence of what led up to the outage — and
// new footage is not sealed: a file source pauses until acks free room; a live (--realtime)
// source skips frames, says so on the progress line and stderr when it starts and when it stops,
// and counts what it skipped. Nothing stored is ever dropped to make room.

/** Pushes one group of a live source; with a full buffer, skips it and says so ([Note: a full buffer keeps the oldest footage]). */
async function pushLive(recorder: Recorder, group: PayloadGroup, progress: ProgressLine, full: { skipped: number }): Promise<void> {
  try {
    await recorder.push(group);
    if (full.skipped > 0) {
      progress.log(`buffer has room again: recording resumed after skipping ${full.skipped} frames of new footage`);
      full.skipped = 0;
    }
  } catch (error) {
    if (!(error instanceof StreamingError) || error.code !== 'BUFFER_FULL') throw error;
    if (full.skipped === 0)
      progress.log(
        `BUFFER FULL: not recording new footage until the server acknowledges the stored frames (kept, oldest first): ${error.message}`,
      );
    full.skipped += 1;
  }
}

/** Seals and uploads every group; stops early (still ending properly) on the first Ctrl-C. */
async function pushAll(recorder: Recorder, groups: readonly PayloadGroup[], realtime: boolean, progress: ProgressLine): Promise<number> {
  const state = { interrupted: false };
  const onSigint = (): void => {
    state.interrupted = true;
    progress.log('stopping: sealing the END frame (Ctrl-C again to abort without it)');
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const startedAt = Date.now();
  const firstUs = groups[0]?.timestampUs ?? 0;
  let pushed = 0;
  const full = { skipped: 0 };
  try {
    for (const group of groups) {
      if (state.interrupted) break;
      if (realtime) await sleepUntil(startedAt + (group.timestampUs - firstUs) / 1000);
      if (realtime) await pushLive(recorder, group, progress, full);
      else await recorder.push(group);
      pushed += 1;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return pushed;
}

export const streamCommand: Command = {
  name: 'stream',
  summary: 'record a WebM file or the test source: seal, upload, reconnect and resume',
  usage:
    '<file.webm> | --test-source [--seconds N] [--title T] [--stream-id ID] [--realtime] [--rotate-minutes M] ' +
    '[--buffer-dir DIR] [--max-buffer-mb N] [--totp-command CMD]\n' +
    '  Unacked sealed frames are kept on disk in DIR/<stream id> (default: "buffer" beside the session file), at most N MiB\n' +
    '  (default 2048). A full buffer keeps the stored (oldest) frames: a file waits for acks, a --realtime source skips new\n' +
    '  footage and says so. After a crash, run stream again with --stream-id to upload what is on disk. On a lost session\n' +
    '  the recording keeps buffering and signs in again with --totp-command (prints a code), or picks up a `login` run elsewhere.',
  options: {
    'test-source': { type: 'boolean' },
    seconds: { type: 'string' },
    title: { type: 'string' },
    'stream-id': { type: 'string' },
    realtime: { type: 'boolean' },
    'rotate-minutes': { type: 'string' },
    'max-buffer-mb': { type: 'string' },
    'buffer-dir': { type: 'string' },
    'totp-command': { type: 'string' },
  },
  async run(ctx: CliContext, positionals, values) {
    const realtime = booleanOption(values, 'realtime');
    const groups = await sourceGroups(positionals, values, Date.now());
    const identity = await ctx.identity();
    const client = await ctx.client({ withSession: true, useBundleRoot: true });
    const title = stringOption(values, 'title');
    const streamId = stringOption(values, 'stream-id');
    const bufferDir = stringOption(values, 'buffer-dir') ?? join(dirname(ctx.stateFile), 'buffer');
    if (streamId === undefined) noteLeftoverBuffers(ctx, bufferDir);
    let store: DiskFrameStore | undefined;
    const recorder = await Recorder.start({
      client,
      identity,
      ...(title === undefined ? {} : { title }),
      ...(streamId === undefined ? {} : { streamId }),
      rotateEveryMs: numberOption(values, 'rotate-minutes', 10) * 60_000,
      // A file can wait for acks; a live source cannot stop the camera, so a full buffer fails.
      whenBufferFull: realtime ? 'fail' : 'wait',
      ingest: { maxBufferedBytes: numberOption(values, 'max-buffer-mb', 2048) * 1024 * 1024 },
      frameStore: (id) => {
        store = new DiskFrameStore(join(bufferDir, id), {
          streamId: id,
          onWarning: (message) => {
            ctx.note(`warning: ${message}`);
          },
        });
        const restored = store.restored();
        if (restored.length > 0)
          ctx.note(`the buffer ${store.dir} holds ${restored.length} frames from an earlier run: uploading them first`);
        return store;
      },
    });
    const progress = new ProgressLine(ctx.io.err);
    const published = recorder.currentEpoch;
    progress.log(`stream ${recorder.streamId}: epoch ${published?.epoch ?? '-'} key wrapped to ${published?.recipients.join(', ') ?? '-'}`);
    for (const refused of published?.refused ?? []) progress.log(`warning: no key for ${refused.username}: ${refused.reason}`);
    reportEvents(recorder, progress);
    const stopRenewal = renewSessionWhenLost(ctx, client, recorder, progress, stringOption(values, 'totp-command'));
    progress.start(() => describeProgress(recorder, groups.length + 1));
    try {
      const pushed = await pushAll(recorder, groups, realtime, progress);
      const endSeq = await recorder.end();
      progress.stop();
      ctx.print(`stream ${recorder.streamId} ended with the signed END frame at seq ${endSeq} (${pushed} media frames)`);
    } catch (error) {
      progress.stop();
      await recorder.close();
      throw error;
    } finally {
      stopRenewal();
      closeStore(store);
      await ctx.saveSession(client, identity.username, client.options.ca);
    }
  },
};

/** Releases the buffer's lock; an empty buffer directory (everything acked) is removed. */
function closeStore(store: DiskFrameStore | undefined): void {
  if (store === undefined) return;
  store.close();
  if (readdirSync(store.dir).length === 0) rmdirSync(store.dir);
}

/** Tells about streams whose frames are still on disk from an earlier run (a crash). */
function noteLeftoverBuffers(ctx: CliContext, bufferDir: string): void {
  let names: string[];
  try {
    names = readdirSync(bufferDir);
  } catch {
    return;
  }
  for (const id of names) {
    const bytes = bufferDirBytes(join(bufferDir, id));
    if (bytes > 0)
      ctx.note(`note: ${formatBytes(bytes)} of stream ${id} were never uploaded: run \`stream --stream-id ${id} …\` to upload them`);
  }
}
