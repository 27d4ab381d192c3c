/**
 * Someone with write access to the database tampers with stored frames and keys. The server
 * relays what it has; the viewer's verification names exactly what was done.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FrameSealer,
  grant,
  type HttpsClient,
  myEpochKeys,
  publishKey,
  startStream,
  startTestApi,
  type TestApi,
  TestSocket,
  type TestStream,
  useSignedInWorld,
  sameSession,
} from '@seccam/testkit';
import { base64ToBytes } from '@seccam/schema';
import {
  decodePem,
  genesisPrevHash,
  importBundleKeys,
  importCertificatePublicKey,
  unwrapEpochKey,
  verifyFrameSequence,
  verifyKeySet,
} from '@seccam/pki';
import { chunks } from '../modules/streams/streams.table.ts';
import { epochKeys } from '../modules/sharing/sharing.table.ts';

describe('tampering with stored streams is detected by the viewer', () => {
  const world = useSignedInWorld();
  /** A second API instance on the same database: its viewers read storage, not the first one's live ring. */
  let reader: TestApi;

  beforeAll(async () => {
    reader = await startTestApi({ db: world.api.db, secrets: world.api.secrets });
  });
  afterAll(() => reader.stop());

  const db = () => world.api.db.database.db;

  /** Records a stream of `count` frames, the last one END when `end`. */
  async function record(count: number, end = true): Promise<{ stream: TestStream; sealer: FrameSealer }> {
    const stream = await startStream(world.driver.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.account.contents);
    const s = await TestSocket.ingest(world.api, world.driver.client, stream.id);
    for (let i = 0; i < count - (end ? 1 : 0); i++) s.sendFrame(await sealer.next());
    if (end) s.sendFrame(await sealer.next({ end: true }));
    await s.until((x) => x.lastAck() === count - 1);
    s.ws.close();
    return { stream, sealer };
  }

  /** What a viewer does: download from seq 0 over /ws/watch and verify the whole chain. */
  async function download(stream: TestStream) {
    const viaReader = sameSession(reader, world.driver.client);
    const w = await TestSocket.open(reader, '/ws/watch', viaReader);
    w.send({ type: 'subscribe', streamId: stream.id, from: 0 });
    await w.until((x) => x.message('end') !== undefined);
    return verifyFrameSequence(w.binaries, {
      streamId: stream.id,
      sigPublicKey: await importCertificatePublicKey(stream.sigCertificatePem, 'sig'),
      start: { kind: 'genesis', genesisPrevHash: await genesisPrevHash(stream.id, decodePem(stream.sigCertificatePem, ['CERTIFICATE'])) },
      requireEnd: true,
    });
  }

  it('an untouched stream verifies', async () => {
    const { stream } = await record(10);
    expect(await download(stream)).toMatchObject({ ok: true, ended: 'signed', lastSeq: 9 });
  });

  it('a flipped ciphertext byte: signature at that seq', async () => {
    const { stream } = await record(10);
    await db().execute(
      sql`UPDATE chunks SET ciphertext = set_byte(ciphertext, 3, get_byte(ciphertext, 3) # 1) WHERE stream_id = ${stream.id} AND seq = 5`,
    );
    expect(await download(stream)).toMatchObject({ ok: false, reason: 'signature', seq: 5 });
  });

  it('two swapped chunks: order', async () => {
    const { stream } = await record(10);
    await db().transaction(async (tx) => {
      await tx.execute(sql`UPDATE chunks SET seq = 1000000 WHERE stream_id = ${stream.id} AND seq = 3`);
      await tx.execute(sql`UPDATE chunks SET seq = 3 WHERE stream_id = ${stream.id} AND seq = 4`);
      await tx.execute(sql`UPDATE chunks SET seq = 4 WHERE stream_id = ${stream.id} AND seq = 1000000`);
    });
    expect(await download(stream)).toMatchObject({ ok: false, reason: 'order', seq: 4 });
  });

  it('a deleted middle chunk: gap', async () => {
    const { stream } = await record(10);
    await db()
      .delete(chunks)
      .where(and(eq(chunks.streamId, stream.id), eq(chunks.seq, 6)));
    expect(await download(stream)).toMatchObject({ ok: false, reason: 'gap', seq: 7, expectedSeq: 6 });
  });

  it('a dropped tail (END included): truncated, "ended unsigned"', async () => {
    const { stream } = await record(10);
    await db()
      .delete(chunks)
      .where(and(eq(chunks.streamId, stream.id), sql`${chunks.seq} >= 7`));
    expect(await download(stream)).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('a chunk moved into another stream: stream', async () => {
    const a = await record(10);
    const b = await record(4, false);
    await db()
      .update(chunks)
      .set({ streamId: b.stream.id })
      .where(and(eq(chunks.streamId, a.stream.id), eq(chunks.seq, 4)));
    // b has no END: end it the way a viewer would see it (ended unsigned), then check the moved chunk.
    await db().execute(sql`UPDATE streams SET ended_at = now(), last_seq = 4 WHERE id = ${b.stream.id}`);
    expect(await download(b.stream)).toMatchObject({ ok: false, reason: 'stream', seq: 4 });
    expect(await download(a.stream)).toMatchObject({ ok: false, reason: 'gap', expectedSeq: 4 });
  });

  it('a replaced wrapped key: its key-set signature fails and it does not unwrap', async () => {
    await grant(world.driver.client, world.driver.account.contents, world.dispatcher.account.contents.username);
    const a = await record(3);
    const b = await record(3);
    await publishKey(world.driver.client, world.driver.account.contents, a.stream.id, 0, await a.sealer.epochKey());
    await publishKey(world.driver.client, world.driver.account.contents, b.stream.id, 0, await b.sealer.epochKey());
    // Put stream b's wrapped key (and its valid signature) in place of stream a's.
    const [fromB] = await db()
      .select()
      .from(epochKeys)
      .where(and(eq(epochKeys.streamId, b.stream.id), eq(epochKeys.recipientId, await myId(world.dispatcher.client))));
    if (!fromB) throw new Error('missing key row');
    await db()
      .update(epochKeys)
      .set({ wrappedKey: fromB.wrappedKey, signature: fromB.signature })
      .where(and(eq(epochKeys.streamId, a.stream.id), eq(epochKeys.recipientSerial, fromB.recipientSerial)));
    const [entry] = await myEpochKeys(world.dispatcher.client, a.stream.id);
    if (!entry) throw new Error('no key entry');
    const check = await verifyKeySet(
      {
        streamId: a.stream.id,
        epoch: 0,
        entries: [{ recipient: entry.recipientSerial, wrappedKeyB64: entry.wrappedKeyB64 }],
        signatureB64: entry.signatureB64,
      },
      await importCertificatePublicKey(a.stream.sigCertificatePem, 'sig'),
    );
    expect(check).toMatchObject({ ok: false, reason: 'signature' });
    const { enc } = await importBundleKeys(world.dispatcher.account.contents);
    expect(await unwrapEpochKey(base64ToBytes(entry.wrappedKeyB64), enc.privateKey, { streamId: a.stream.id, epoch: 0 })).toMatchObject({
      ok: false,
      reason: 'unwrap',
    });
  });
});

async function myId(client: HttpsClient): Promise<string> {
  const { me } = await client.graphql<{ me: { id: string } }>('{ me { id } }');
  return me.id;
}
