/**
 * /ws/ingest against the real server: authentication at upgrade, frame verification before
 * storage, typed close codes for every refusal with nothing stored, idempotent resends, resume
 * after a dropped connection and after an API restart.
 */
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  clientFor,
  createReadyAccount,
  createTestDatabase,
  dispatcherAccount,
  driverAccount,
  FrameSealer,
  login,
  openWs,
  startStream,
  startTestApi,
  TestSocket,
  upgradeStatus,
  useSignedInDriver,
} from '@seccam/testkit';
import {
  decodePem,
  generateIdentityKeys,
  genesisPrevHash,
  importBundleKeys,
  importCertificatePublicKey,
  signActionStatement,
  verifyFrameSequence,
} from '@seccam/pki';
import { base64ToBytes, bytesToBase64, CloseCode, encodeFrame, MAX_FRAME_BYTES } from '@seccam/schema';
import { chunks, streams } from '../modules/streams/streams.table.ts';
import { auditLog } from '../modules/audit/audit.table.ts';

describe('/ws/ingest', () => {
  const world = useSignedInDriver({}, () => createTestDatabase());
  const db = () => world.api.db.database.db;

  const storedSeqs = async (streamId: string): Promise<number[]> =>
    (await db().select({ seq: chunks.seq }).from(chunks).where(eq(chunks.streamId, streamId)).orderBy(asc(chunks.seq))).map((r) => r.seq);

  async function openIngest(streamId: string, client = world.client): Promise<TestSocket> {
    const s = await TestSocket.open(world.api, '/ws/ingest', client);
    s.send({ type: 'hello', streamId });
    await s.until((x) => x.message('resume') !== undefined || x.texts.some((m) => m.type === 'error'));
    return s;
  }

  it('refuses anonymous, cross-origin and dispatcher upgrades before the 101', async () => {
    expect(await upgradeStatus(openWs(world.api, '/ws/ingest'))).toBe(401);
    expect(await upgradeStatus(openWs(world.api, '/ws/ingest', { client: world.client, origin: 'https://evil.example' }))).toBe(403);
    const dispatcher = await createReadyAccount(world.api, dispatcherAccount());
    const dc = clientFor(world.api);
    await login(dc, dispatcher.contents, dispatcher.nextCode);
    expect(await upgradeStatus(openWs(world.api, '/ws/ingest', { client: dc }))).toBe(403);
  });

  it('stores verified frames, acks them after commit, and keeps them byte-identical', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const s = await openIngest(stream.id);
    expect(s.message('resume')).toEqual({
      type: 'resume',
      streamId: stream.id,
      lastSeq: null,
      chainHeadB64: bytesToBase64(stream.genesis),
      epoch: null,
    });
    const frames = await sealer.many(25);
    for (const f of frames) s.sendFrame(f);
    await s.until((x) => x.lastAck() === 24);
    const rows = await db().select().from(chunks).where(eq(chunks.streamId, stream.id)).orderBy(asc(chunks.seq));
    expect(rows.map((r) => encodeFrame(r.header, r.ciphertext, r.signature))).toEqual(frames);
    const [head] = await db().select().from(streams).where(eq(streams.id, stream.id));
    expect(head).toMatchObject({ lastSeq: 24, frameCount: 25, lastEpoch: 0 });
    s.ws.close();
  });

  it('tells a reconnecting client where it stands and accepts resends idempotently', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const frames = await sealer.many(10);
    const first = await openIngest(stream.id);
    for (const f of frames.slice(0, 6)) first.sendFrame(f);
    await first.until((x) => x.lastAck() === 5);
    first.ws.terminate(); // the dashcam lost signal

    const second = await openIngest(stream.id);
    const resume = second.message('resume');
    expect(resume?.lastSeq).toBe(5);
    const head = await db()
      .select({ h: chunks.chainHash })
      .from(chunks)
      .where(and(eq(chunks.streamId, stream.id), eq(chunks.seq, 5)));
    expect(base64ToBytes(resume?.chainHeadB64 ?? '')).toEqual(head[0]?.h);
    // The client did not see the last acks: it resends 4 and 5, then the rest.
    for (const f of frames.slice(4)) second.sendFrame(f);
    await second.until((x) => x.lastAck() === 9);
    expect(await storedSeqs(stream.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    second.ws.close();
  });

  it('closes with a typed code and stores nothing for each bad frame', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const good = await sealer.many(3);
    const s0 = await openIngest(stream.id);
    for (const f of good) s0.sendFrame(f);
    await s0.until((x) => x.lastAck() === 2);
    s0.ws.close();

    const expectClose = async (frame: Uint8Array, code: number, errorCode?: string, message?: string): Promise<void> => {
      const s = await openIngest(stream.id);
      s.sendFrame(frame);
      const closed = await s.closed;
      expect(closed.code).toBe(code);
      if (errorCode) expect(s.texts.find((m) => m.type === 'error')).toMatchObject({ code: errorCode, ...(message ? { message } : {}) });
      expect(await storedSeqs(stream.id)).toEqual([0, 1, 2]);
    };

    // Forged: the right position and chain, signed by another key.
    const mallory = await generateIdentityKeys();
    const forger = new FrameSealer(stream, mallory);
    Object.assign(forger, { seq: sealer.seq, prevHash: sealer.prevHash });
    await expectClose(await forger.next(), CloseCode.VerificationFailed, 'VERIFICATION_FAILED');

    // Wrong seq (a gap), wrong prevHash, a frame of another stream.
    const ahead = new FrameSealer(stream, sealer.keys);
    Object.assign(ahead, { seq: sealer.seq + 1, prevHash: sealer.prevHash });
    await expectClose(await ahead.next(), CloseCode.SequenceGap);
    const badChain = new FrameSealer(stream, sealer.keys);
    Object.assign(badChain, { seq: sealer.seq, prevHash: new Uint8Array(32).fill(7) });
    await expectClose(await badChain.next(), CloseCode.VerificationFailed);
    const other = await startStream(world.client);
    const otherSealer = await FrameSealer.forAccount(other, world.driver.contents);
    Object.assign(otherSealer, { seq: sealer.seq, prevHash: sealer.prevHash });
    await expectClose(await otherSealer.next(), CloseCode.VerificationFailed);

    // A different frame at a stored seq is a fork: refused and audited.
    const fork = new FrameSealer(stream, sealer.keys);
    await expectClose(await fork.next({ payload: new Uint8Array([1, 2, 3]) }), CloseCode.SequenceConflict);
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, 'chunk.conflict'));
    expect(audits.some((a) => a.subject === stream.id)).toBe(true);

    // Garbage, a truncated frame, an oversized frame.
    // The decoder's code appears once in the message (it used to read 'BAD_MAGIC: BAD_MAGIC: …').
    await expectClose(new TextEncoder().encode('definitely not a frame'), CloseCode.BadFrame, 'BAD_FRAME', 'BAD_MAGIC: not a SecCam frame');
    const next = await sealer.next();
    sealer.seq -= 1; // keep the sealer usable: this frame was never stored
    await expectClose(next.subarray(0, next.length - 5), CloseCode.BadFrame);
    const huge = new Uint8Array(MAX_FRAME_BYTES + 100);
    huge.set(next.subarray(0, 78));
    await expectClose(huge, CloseCode.FrameTooLarge, 'FRAME_TOO_LARGE');
  });

  it('holds its connection-level limits: frames before hello, bad control, oversized messages', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const early = await TestSocket.open(world.api, '/ws/ingest', world.client);
    early.sendFrame(await sealer.next());
    expect((await early.closed).code).toBe(CloseCode.BadFrame);

    const badControl = await TestSocket.open(world.api, '/ws/ingest', world.client);
    badControl.ws.send('{"type":"hello","streamId":"not-a-uuid"}');
    expect((await badControl.closed).code).toBe(CloseCode.BadControl);

    const tooBig = await openIngest(stream.id);
    tooBig.ws.send(new Uint8Array(MAX_FRAME_BYTES + 128 * 1024), { binary: true });
    expect((await tooBig.closed).code).toBe(1009); // ws's own maxPayload guard
    expect(await storedSeqs(stream.id)).toEqual([]);
  });

  it('refuses hello for a stream that is not yours, unknown, or ended', async () => {
    const other = await createReadyAccount(world.api, driverAccount());
    const otherClient = clientFor(world.api);
    await login(otherClient, other.contents, other.nextCode);
    const theirs = await startStream(otherClient);
    const s = await openIngest(theirs.id);
    expect((await s.closed).code).toBe(CloseCode.Forbidden);
    const unknown = await openIngest('0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f');
    expect((await unknown.closed).code).toBe(CloseCode.UnknownStream);

    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const live = await openIngest(stream.id);
    live.sendFrame(await sealer.next());
    live.sendFrame(await sealer.next({ end: true }));
    await live.until((x) => x.message('end') !== undefined);
    expect(live.message('end')).toEqual({ type: 'end', seq: 1 });
    expect((await live.closed).code).toBe(1000);
    const again = await openIngest(stream.id);
    expect((await again.closed).code).toBe(CloseCode.StreamEnded);
  });

  it('lets a newer connection take over a live stream only with a fresh signed takeover statement, once', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const { sig } = await importBundleKeys(world.driver.contents);
    const proof = async (at: Date, username = world.driver.contents.username) => ({
      takeoverAt: at.toISOString(),
      takeoverSignatureB64: await signActionStatement(
        { kind: 'ingest-takeover', fields: { streamId: stream.id, username, at } },
        sig.privateKey,
      ),
    });
    const hello = async (extra: object): Promise<TestSocket> => {
      const s = await TestSocket.open(world.api, '/ws/ingest', world.client);
      s.send({ type: 'hello', streamId: stream.id, ...extra });
      await s.until((x) => x.message('resume') !== undefined || x.texts.some((m) => m.type === 'error')).catch(() => undefined);
      return s;
    };
    const live = await openIngest(stream.id);
    live.sendFrame(await sealer.next());
    await live.until((x) => x.lastAck() === 0);

    // A stolen cookie: no statement, a stale one, one for another user, a forged one — each refused, the recording goes on.
    const refusals = [
      await hello({}),
      await hello(await proof(new Date(Date.now() - 10 * 60_000))),
      await hello({ ...(await proof(new Date())), takeoverSignatureB64: (await proof(new Date(), 'someoneelse')).takeoverSignatureB64 }),
    ];
    for (const refused of refusals) expect((await refused.closed).code).toBe(CloseCode.Forbidden);
    expect(JSON.stringify(refusals[0]?.texts)).toMatch(/taking over needs a signed takeover statement/);
    live.sendFrame(await sealer.next());
    await live.until((x) => x.lastAck() === 1);

    // The owner's device, with the key: it takes over, and the old socket is told 4412.
    const signed = await proof(new Date());
    const fresh = await hello(signed);
    expect(fresh.message('resume')).toMatchObject({ lastSeq: 1 });
    expect((await live.closed).code).toBe(CloseCode.Superseded);
    // The same statement again is a replay.
    const replay = await hello(signed);
    expect((await replay.closed).code).toBe(CloseCode.Forbidden);
    expect(JSON.stringify(replay.texts)).toMatch(/already used/);
    expect(fresh.ws.readyState).toBe(fresh.ws.OPEN);
    fresh.ws.close();
  });

  it('survives an API restart mid-stream: nothing acked is lost, nothing duplicated, the chain verifies', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const frames = await sealer.many(40);
    const s = await openIngest(stream.id);
    for (const f of frames.slice(0, 20)) s.sendFrame(f);
    await s.until((x) => x.lastAck() === 19);
    const cookie = world.client.cookies.get('__Host-seccam-session') ?? '';

    // Restart: a new process on the same database, same secrets (the session survives).
    const { db: database, secrets } = world.api;
    await world.api.stop();
    expect((await s.closed).code).toBeGreaterThanOrEqual(1000);
    world.api = await startTestApi({ db: database, secrets });
    const reconnected = clientFor(world.api);
    reconnected.cookies.set('__Host-seccam-session', cookie);
    world.client = reconnected;

    const resumed = await openIngest(stream.id);
    const lastSeq = resumed.message('resume')?.lastSeq ?? -1;
    expect(lastSeq).toBe(19);
    for (const f of frames.slice(lastSeq + 1)) resumed.sendFrame(f);
    resumed.sendFrame(await sealer.next({ end: true }));
    await resumed.until((x) => x.message('end') !== undefined);
    expect(await storedSeqs(stream.id)).toEqual(Array.from({ length: 41 }, (_, i) => i));

    const rows = await db().select().from(chunks).where(eq(chunks.streamId, stream.id)).orderBy(asc(chunks.seq));
    const result = await verifyFrameSequence(
      rows.map((r) => encodeFrame(r.header, r.ciphertext, r.signature)),
      {
        streamId: stream.id,
        sigPublicKey: await importCertificatePublicKey(stream.sigCertificatePem, 'sig'),
        start: { kind: 'genesis', genesisPrevHash: await genesisPrevHash(stream.id, decodePem(stream.sigCertificatePem, ['CERTIFICATE'])) },
        epochKeys: new Map([[0, await sealer.epochKey()]]),
        requireEnd: true,
      },
    );
    expect(result).toMatchObject({ ok: true, ended: 'signed', lastSeq: 40 });
  });
});

describe('/ws/ingest backpressure', () => {
  const MiB = 1024 * 1024;
  const world = useSignedInDriver({
    streamingLimits: {
      ingest: {
        maxFrameBytes: MAX_FRAME_BYTES,
        maxQueuedFrames: 4,
        maxQueuedBytes: 4 * MiB,
        helloTimeoutMs: 10_000,
        maxConnectionsPerUser: 8,
      },
      inFlightBytes: 3 * MiB,
    },
  });

  it('stops reading while storage lags: memory stays bounded, every frame is still stored and acked', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const frames: Uint8Array[] = [];
    const big = new Uint8Array(MiB - 4096).fill(7);
    for (let i = 0; i < 40; i++) frames.push(await sealer.next({ payload: big }));
    const s = await TestSocket.open(world.api, '/ws/ingest', world.client);
    s.send({ type: 'hello', streamId: stream.id });
    await s.until((x) => x.message('resume') !== undefined);
    for (const f of frames) s.sendFrame(f);
    // 40 MiB sent at once: the client, not the server, holds what has not been stored yet.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.ws.bufferedAmount).toBeGreaterThan(8 * MiB);
    await s.until((x) => x.lastAck() === 39, 60_000);
    expect(world.api.app.services.ingestBudget.peak).toBeLessThanOrEqual(3 * MiB + 2 * MiB);
    // Released once the batch's processing finishes (just after its ack went out): nothing leaks.
    await expect.poll(() => world.api.app.services.ingestBudget.inFlight).toBe(0);
    s.ws.close();
  });
});
