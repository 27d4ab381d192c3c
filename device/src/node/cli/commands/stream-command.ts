import { groupIntoPayloads, type PayloadGroup } from '../../../media/group-payloads.ts';
import { readMediaFile } from '../../read-media-file.ts';
import { syntheticSource } from '../../../media/synthetic-source.ts';
import { Recorder } from '../../../streaming/recorder.ts';
import { usageError } from '../cli-error.ts';
import type { CliContext } from '../cli-context.ts';
import { booleanOption, formatBytes, numberOption, stringOption, type Command, type OptionValues } from '../command.ts';
import { ProgressLine } from '../progress-line.ts';

async function sourceGroups(positionals: readonly string[], values: OptionValues, captureStartMs: number): Promise<PayloadGroup[]> {
  const testSource = booleanOption(values, 'test-source');
  const [file, ...rest] = positionals;
  if (rest.length > 0 || (file === undefined) === !testSource)
    throw usageError(`give either a WebM file or --test-source; usage: stream ${streamCommand.usage}`);
  const media =
    file === undefined ? syntheticSource({ seconds: numberOption(values, 'seconds', 10), audio: true }) : await readMediaFile(file);
  return groupIntoPayloads(media.tracks, media.packets, { captureStartMs });
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
  try {
    for (const group of groups) {
      if (state.interrupted) break;
      if (realtime) await sleepUntil(startedAt + (group.timestampUs - firstUs) / 1000);
      await recorder.push(group);
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
  usage: '<file.webm> | --test-source [--seconds N] [--title T] [--stream-id ID] [--realtime] [--rotate-minutes M] [--max-buffer-mb N]',
  options: {
    'test-source': { type: 'boolean' },
    seconds: { type: 'string' },
    title: { type: 'string' },
    'stream-id': { type: 'string' },
    realtime: { type: 'boolean' },
    'rotate-minutes': { type: 'string' },
    'max-buffer-mb': { type: 'string' },
  },
  async run(ctx: CliContext, positionals, values) {
    const realtime = booleanOption(values, 'realtime');
    const groups = await sourceGroups(positionals, values, Date.now());
    const identity = await ctx.identity();
    const client = await ctx.client({ withSession: true, useBundleRoot: true });
    const title = stringOption(values, 'title');
    const streamId = stringOption(values, 'stream-id');
    const recorder = await Recorder.start({
      client,
      identity,
      ...(title === undefined ? {} : { title }),
      ...(streamId === undefined ? {} : { streamId }),
      rotateEveryMs: numberOption(values, 'rotate-minutes', 10) * 60_000,
      // A file can wait for acks; a live source cannot stop the camera, so a full buffer fails.
      whenBufferFull: realtime ? 'fail' : 'wait',
      ingest: { maxBufferedBytes: numberOption(values, 'max-buffer-mb', 64) * 1024 * 1024 },
    });
    const progress = new ProgressLine(ctx.io.err);
    const published = recorder.currentEpoch;
    progress.log(`stream ${recorder.streamId}: epoch ${published?.epoch ?? '-'} key wrapped to ${published?.recipients.join(', ') ?? '-'}`);
    for (const refused of published?.refused ?? []) progress.log(`warning: no key for ${refused.username}: ${refused.reason}`);
    reportEvents(recorder, progress);
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
      await ctx.saveSession(client, identity.username, client.options.ca);
    }
  },
};
