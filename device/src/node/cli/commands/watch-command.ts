import { writeFile } from 'node:fs/promises';
import { MediaCollector } from '../../../media/media-collector.ts';
import { writeWebm } from '../../../media/write-webm.ts';
import { WatchClient, type WatchOutcome } from '../../../streaming/watch-client.ts';
import type { WatchedFrame } from '../../../streaming/watch-frames.ts';
import { CliError, usageError } from '../cli-error.ts';
import { onePositional, stringOption, type Command } from '../command.ts';
import { ProgressLine } from '../progress-line.ts';

function parseFrom(text: string | undefined): number | 'live' {
  if (text === undefined || text === 'live') return 'live';
  const seq = Number(text);
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw usageError(`--from is a seq (0 = whole stream, verified from its genesis) or live, got ${text}`);
  return seq;
}

function describeOutcome(outcome: WatchOutcome): string {
  const { chain } = outcome;
  const last = chain.lastSeq ?? 'none';
  switch (outcome.status) {
    case 'ended':
      return `the stream ended with the driver's signed END frame at seq ${last}; ${chain.verified} frames verified`;
    case 'revoked':
      return `access revoked by the driver (close ${outcome.closeCode ?? '-'}); ${chain.verified} frames verified up to seq ${last}`;
    case 'done':
    case 'closed':
      return `stopped: ended unsigned at seq ${last}; ${chain.verified} frames verified`;
  }
}

export const watchCommand: Command = {
  name: 'watch',
  summary: 'watch a stream live or from a seq, verifying every frame; optionally save the video',
  usage: '<streamId> [--from N|live] [--out file.webm]',
  options: { from: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, positionals, values) {
    const streamId = onePositional(positionals, 'a stream id', `watch ${this.usage}`);
    const from = parseFrom(stringOption(values, 'from'));
    const out = stringOption(values, 'out');
    const identity = await ctx.identity();
    const client = await ctx.client({ withSession: true, useBundleRoot: true });
    const progress = new ProgressLine(ctx.io.err);
    const media = new MediaCollector();
    let last: WatchedFrame | null = null;
    let unreadable = 0;
    const watch = new WatchClient({
      client,
      identity,
      streamId,
      from,
      onFrame: (frame) => {
        last = frame;
        if (out !== undefined) media.add(frame.payload);
      },
    });
    watch.on('unreadable', (failure) => {
      unreadable += 1;
      progress.log(`frame ${failure.seq ?? '?'} unreadable (${failure.reason}): ${failure.message}`);
    });
    watch.on('status', (status) => {
      if (status === 'reconnecting') progress.log('connection lost; resubscribing after the last verified frame');
    });
    const onSigint = (): void => void watch.close();
    process.once('SIGINT', onSigint);
    try {
      const subscribed = await watch.start();
      progress.log(
        `watching ${streamId} from seq ${subscribed.fromSeq}${subscribed.initSeq === null ? '' : ` (init data from seq ${subscribed.initSeq})`}; head ${subscribed.headSeq ?? 'none'}${subscribed.ended ? ', stream ended' : ''}`,
      );
      progress.start(() => {
        const frame = last;
        return `seq ${frame?.seq ?? '-'} | epoch ${frame?.epoch ?? '-'} | ${frame === null ? '-' : frame.catchUp ? 'catch-up' : 'live'} | verified ${watch.chain?.verified ?? 0} | unreadable ${unreadable} | ${watch.status}`;
      });
      const outcome = await watch.whenDone();
      progress.stop();
      ctx.print(describeOutcome(outcome));
    } finally {
      process.off('SIGINT', onSigint);
      progress.stop();
    }
    if (out !== undefined) {
      if (media.packets.length === 0) throw new CliError(`no decryptable media was received: ${out} not written`);
      await writeFile(out, await writeWebm(media.tracks, media.packets));
      ctx.print(`wrote ${media.packets.length} packets to ${out}`);
    }
  },
};
