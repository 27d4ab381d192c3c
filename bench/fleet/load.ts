/**
 * A load generator process: drivers that seal genuine frames with the stream owner's keys
 * (the SDK's sealing, through testkit's FrameSealer) and send them at a rate, and watchers that
 * time each frame from send to receipt. A stream's driver and watchers live in the same
 * process, so one clock times them. Its CPU is its own, never the server's.
 */
import 'reflect-metadata';
import WebSocket from 'ws';
import { decodeFrameHeader, FRAME_HEADER_BYTES } from '@seccam/schema';
import { FrameSealer, payloadFor, TEST_ORIGIN } from '@seccam/testkit';
import {
  ownUsage,
  type BenchStream,
  type FromLoad,
  type GroupResult,
  type LoadGroup,
  type LoadJob,
  type Target,
  type ToLoad,
} from './protocol.ts';

const DRAIN_TIMEOUT_MS = 30_000;

// The orchestrator went away: so does this process (nothing to answer to).
process.on('disconnect', () => process.exit(0));

function reply(message: FromLoad): void {
  // A send after the orchestrator left fails in the callback instead of crashing the process.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

function connect(target: Target, role: 'ingest' | 'watch', streamId: string, port: number): WebSocket {
  if (target.kind === 'relay')
    return new WebSocket(`wss://localhost:${String(target.port)}/${role}/${streamId}`, { ca: target.rootPem, perMessageDeflate: false });
  return new WebSocket(`wss://localhost:${String(port)}/ws/${role}`, {
    ca: [...target.rootPems],
    perMessageDeflate: false,
    headers: { cookie: target.cookie, origin: TEST_ORIGIN },
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`upgrade refused: ${String(res.statusCode)}`));
    });
  });
}

function textOf(data: WebSocket.RawData): { type?: string; seq?: number } {
  return JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as { type?: string; seq?: number };
}

/** One stream's driver and its watchers. */
class StreamLoad {
  readonly sentAt = new Map<number, number>();
  readonly latencies: number[][];
  readonly received: number[];
  /** Seed frames each watcher has had (the measured phase starts once all have them all). */
  readonly seedsReceived: number[];
  acked = -1;
  sent = 0;
  bytesAcked = 0;
  readonly sizes = new Map<number, number>();
  readonly closes: string[] = [];
  private ingest: WebSocket | undefined;
  private readonly watchers: WebSocket[] = [];
  private sealer: FrameSealer | undefined;
  private ackWaiters: (() => void)[] = [];
  private closing = false;

  constructor(
    readonly stream: BenchStream,
    readonly group: LoadGroup,
    private readonly job: LoadJob,
  ) {
    const ports = job.target.kind === 'seccam' ? job.target.watchPorts.length : 1;
    this.latencies = Array.from({ length: ports }, () => []);
    this.received = Array.from({ length: ports * group.watchersPerStream }, () => 0);
    this.seedsReceived = Array.from({ length: ports * group.watchersPerStream }, () => 0);
  }

  async open(): Promise<void> {
    const target = this.job.target;
    const watchPorts = target.kind === 'seccam' ? target.watchPorts : [target.port];
    let index = 0;
    for (const [portIndex, port] of watchPorts.entries()) {
      for (let i = 0; i < this.group.watchersPerStream; i++) this.watchers.push(await this.openWatcher(port, portIndex, index++));
    }
    this.sealer = await FrameSealer.forAccount(this.stream, this.job.contents);
    if (this.group.rateHz > 0 || this.group.seedFrames > 0)
      await this.openIngest(target.kind === 'seccam' ? target.ingestPort : target.port);
    for (let i = 0; i < this.group.seedFrames; i++) await this.sendNext();
    await this.untilAcked(this.group.seedFrames - 1);
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.seedsReceived.some((n) => n < this.group.seedFrames) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (this.group.rateHz === 0) {
      this.ingest?.close();
      this.ingest = undefined;
    }
  }

  private async openWatcher(port: number, portIndex: number, index: number): Promise<WebSocket> {
    const ws = connect(this.job.target, 'watch', this.stream.id, port);
    await opened(ws);
    const subscribed = new Promise<void>((resolve) => {
      if (this.job.target.kind === 'relay') resolve();
      ws.on('message', (data, isBinary) => {
        if (!isBinary && textOf(data).type === 'subscribed') resolve();
      });
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      const seq = decodeFrameHeader(new Uint8Array(data as Buffer).subarray(0, FRAME_HEADER_BYTES)).seq;
      if (seq < this.group.seedFrames) {
        this.seedsReceived[index] = (this.seedsReceived[index] ?? 0) + 1;
        return;
      }
      this.received[index] = (this.received[index] ?? 0) + 1;
      const at = this.sentAt.get(seq);
      if (at !== undefined) this.latencies[portIndex]?.push(performance.now() - at);
    });
    ws.on('close', (code, reason) => {
      if (!this.closing) this.closes.push(`watch ${String(code)} ${reason.toString()}`);
    });
    if (this.job.target.kind === 'seccam') ws.send(JSON.stringify({ type: 'subscribe', streamId: this.stream.id, from: 0 }));
    await subscribed;
    return ws;
  }

  private async openIngest(port: number): Promise<void> {
    const ws = connect(this.job.target, 'ingest', this.stream.id, port);
    await opened(ws);
    const resumed = new Promise<void>((resolve) => {
      if (this.job.target.kind === 'relay') resolve();
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const m = textOf(data);
        if (m.type === 'resume') resolve();
        if (m.type === 'ack' && typeof m.seq === 'number') this.onAck(m.seq);
      });
    });
    if (this.job.target.kind === 'relay') {
      ws.on('message', (data) => {
        const m = textOf(data);
        if (typeof m.seq === 'number') this.onAck(m.seq);
      });
    }
    ws.on('close', (code, reason) => {
      if (!this.closing) this.closes.push(`ingest ${String(code)} ${reason.toString()}`);
    });
    if (this.job.target.kind === 'seccam') ws.send(JSON.stringify({ type: 'hello', streamId: this.stream.id }));
    await resumed;
    this.ingest = ws;
  }

  private onAck(seq: number): void {
    for (let s = this.acked + 1; s <= seq; s++) this.bytesAcked += this.sizes.get(s) ?? 0;
    this.acked = Math.max(this.acked, seq);
    for (const w of this.ackWaiters.splice(0)) w();
  }

  async untilAcked(seq: number, timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.acked < seq && Date.now() < deadline && this.ingest?.readyState === WebSocket.OPEN) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.ackWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Seals and sends the next frame once fewer than `window` are unacked. */
  async sendNext(): Promise<void> {
    const sealer = this.sealer;
    if (!sealer || !this.ingest) return;
    while (sealer.seq - 1 - this.acked >= this.group.window && this.ingest.readyState === WebSocket.OPEN)
      await this.untilAcked(sealer.seq - this.group.window, 1_000);
    const seq = sealer.seq;
    const bytes = await sealer.next({ payload: payloadFor(seq, this.job.payloadBytes) });
    if (this.ingest.readyState !== WebSocket.OPEN) return;
    this.sizes.set(seq, bytes.length);
    this.sentAt.set(seq, performance.now());
    this.ingest.send(bytes, { binary: true });
    this.sent += 1;
  }

  /** Sends at the group's rate (or unpaced) until `endAt`. */
  async drive(endAt: number): Promise<void> {
    if (this.group.rateHz === 0) {
      // Idle watchers: nothing to send; the phase still lasts its length.
      await new Promise((resolve) => setTimeout(resolve, endAt - performance.now()));
      return;
    }
    const interval = 1000 / this.group.rateHz;
    let due = performance.now() + Math.random() * (Number.isFinite(interval) ? interval : 0);
    while (performance.now() < endAt && this.ingest?.readyState === WebSocket.OPEN) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.sendNext();
      due = Number.isFinite(interval) ? Math.max(due + interval, performance.now() - interval) : performance.now();
    }
  }

  /** Waits until every sent frame is acked and every watcher has every acked frame. */
  async drain(): Promise<void> {
    await this.untilAcked(this.sealer ? this.sealer.seq - 1 : -1);
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    const want = this.acked + 1 - this.group.seedFrames;
    while (this.received.some((n) => n < want) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  close(): void {
    this.closing = true;
    this.ingest?.close();
    for (const w of this.watchers) w.close();
  }
}

async function run(job: LoadJob): Promise<void> {
  const loads = job.groups.flatMap((group) => group.streams.map((stream) => new StreamLoad(stream, group, job)));
  for (const load of loads) await load.open();
  reply({ type: 'ready' });
  await new Promise<void>((resolve) => {
    process.once('message', () => {
      resolve();
    });
  });
  const t0 = performance.now();
  const cpu0 = ownUsage().cpuMicros;
  const endAt = t0 + job.seconds * 1000;
  await Promise.all(loads.map((l) => l.drive(endAt)));
  reply({ type: 'sent' });
  await Promise.all(loads.map((l) => l.drain()));
  const seconds = (performance.now() - t0) / 1000;
  const groups: GroupResult[] = job.groups.map((group) => {
    const mine = loads.filter((l) => l.group === group);
    const seeded = (l: StreamLoad): number => Math.max(0, l.acked + 1 - group.seedFrames);
    return {
      name: group.name,
      latenciesMs: mine[0]?.latencies.map((_, i) => mine.flatMap((l) => l.latencies[i] ?? [])) ?? [],
      sent: mine.reduce((a, l) => a + l.sent, 0),
      acked: mine.reduce((a, l) => a + seeded(l), 0),
      delivered: mine.reduce((a, l) => a + l.received.reduce((x, y) => x + y, 0), 0),
      expectedDeliveries: mine.reduce((a, l) => a + seeded(l) * l.received.length, 0),
      bytesAcked: mine.reduce((a, l) => a + l.bytesAcked, 0),
      seconds,
      closes: mine.flatMap((l) => l.closes),
    };
  });
  for (const l of loads) l.close();
  reply({ type: 'done', groups, cpuMicros: ownUsage().cpuMicros - cpu0 });
}

process.once('message', (message: ToLoad) => {
  if (message.type !== 'job') return;
  run(message.job).then(
    () => process.exit(0),
    (e: unknown) => {
      reply({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      process.exit(1);
    },
  );
});
