/**
 * deleteStream against the real API (two instances on one database): only the owner, only with
 * a fresh seccam-stream-deletion/v1 statement signed by its current sig key ([Note: stream
 * deletion]); afterwards no frame or key of the stream is left, the live ingest socket and the
 * watchers on both instances are closed with 4498, the grantee is told, the dispatcher's listing
 * no longer has it and the audit log has the entry. A second deletion is NOT_FOUND.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundleKeys, signActionStatement } from '@seccam/pki';
import { bytesToBase64, CloseCode } from '@seccam/schema';
import {
  collect,
  FrameSealer,
  grant,
  causeUntilSeen,
  graphqlWsClient,
  publishKey,
  startStream,
  startTestApi,
  TestSocket,
  type HttpsClient,
  type ReadyAccount,
  type TestApi,
  signedInAccount,
  sameSession,
  type SignedInAccount,
} from '@seccam/testkit';
import { codeOf } from '../../testing/refusals.ts';
import { epochKeys } from '../sharing/sharing.table.ts';
import { eq } from 'drizzle-orm';

const DELETE = 'mutation($id: ID!, $p: ActionProofInput!) { deleteStream(id: $id, proof: $p) { id frameCount } }';
const FORGED = bytesToBase64(new Uint8Array(64).fill(7));

describe('deleteStream', () => {
  let a: TestApi;
  let b: TestApi;
  let driver: SignedInAccount;
  let dispatcher: SignedInAccount;
  let otherDriver: SignedInAccount;
  /** The dispatcher's session on instance b. */
  let dispatcherOnB: HttpsClient;

  const proof = async (who: ReadyAccount, streamId: string, at = new Date(), owner = who.contents.username) => {
    const keys = await importBundleKeys(who.contents);
    const signatureB64 = await signActionStatement({ kind: 'stream-deletion', fields: { streamId, owner, at } }, keys.sig.privateKey);
    return { at: at.toISOString(), signatureB64 };
  };

  beforeAll(async () => {
    a = await startTestApi();
    b = await startTestApi({ db: a.db, secrets: a.secrets });
    [driver, dispatcher, otherDriver] = await Promise.all([
      signedInAccount(a, 'driver'),
      signedInAccount(a, 'dispatcher'),
      signedInAccount(a, 'driver'),
    ]);
    dispatcherOnB = sameSession(b, dispatcher.client);
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it('removes frames and keys, closes live sockets on every instance with 4498, tells the grantee, and audits', async () => {
    const events = collect<{ streamEvents: { kind: string; streamId: string | null; driver: string } }>(
      graphqlWsClient(b, dispatcherOnB),
      'subscription { streamEvents { kind streamId driver } }',
    );
    // The grant's `shared` event arriving shows the subscription is in place.
    await causeUntilSeen(
      () => grant(driver.client, driver.account.contents, dispatcher.account.contents.username),
      () => events.items.some((e) => e.streamEvents.kind === 'shared'),
    );

    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    expect(await publishKey(driver.client, driver.account.contents, stream.id, 0, await sealer.epochKey())).toBe(2);
    const ingest = await TestSocket.ingest(a, driver.client, stream.id);
    for (const f of await sealer.many(12)) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() === 11);
    const watchA = await TestSocket.watch(a, dispatcher.client, stream.id);
    const watchB = await TestSocket.watch(b, dispatcherOnB, stream.id);
    await watchB.until((x) => x.binaries.length === 12);
    expect((await a.app.services.chunks.range(stream.id, 0, 100)).length).toBe(12);

    const deleted = await driver.client.graphql<{ deleteStream: { id: string; frameCount: number } }>(DELETE, {
      id: stream.id,
      p: await proof(driver.account, stream.id),
    });
    expect(deleted.deleteStream).toEqual({ id: stream.id, frameCount: 12 });

    expect((await ingest.closed).code).toBe(CloseCode.StreamDeleted);
    expect((await watchA.closed).code).toBe(CloseCode.StreamDeleted);
    expect((await watchB.closed).code).toBe(CloseCode.StreamDeleted);
    await expect
      .poll(() => events.items.find((e) => e.streamEvents.kind === 'deleted')?.streamEvents)
      .toEqual({ kind: 'deleted', streamId: stream.id, driver: driver.account.contents.username });
    events.dispose();

    expect(await a.app.services.chunks.range(stream.id, 0, 100)).toEqual([]);
    expect(await a.app.services.streams.find(stream.id)).toBeUndefined();
    const keyRows = await a.db.database.db.select().from(epochKeys).where(eq(epochKeys.streamId, stream.id));
    expect(keyRows).toEqual([]);
    const { sharedStreams } = await dispatcher.client.graphql<{ sharedStreams: { id: string }[] }>('{ sharedStreams { id } }');
    expect(sharedStreams.map((s) => s.id)).not.toContain(stream.id);
    expect(await codeOf(dispatcher.client.graphql('query($id: ID!) { stream(id: $id) { id } }', { id: stream.id }))).toBe('NOT_FOUND');
    const audit = await a.app.services.audit.list(10_000);
    expect(audit.filter((e) => e.action === 'stream.deleted' && e.subject === stream.id)).toMatchObject([
      { actor: driver.account.contents.username },
    ]);
    // A new watcher finds nothing.
    const late = await TestSocket.open(a, '/ws/watch', dispatcher.client);
    late.send({ type: 'subscribe', streamId: stream.id, from: 0 });
    expect((await late.closed).code).toBe(CloseCode.UnknownStream);

    // Deleted once: the same statement (still fresh) finds nothing.
    expect(await codeOf(driver.client.graphql(DELETE, { id: stream.id, p: await proof(driver.account, stream.id) }))).toBe('NOT_FOUND');
  });

  it("refuses another driver's stream exactly like one that does not exist, and a dispatcher", async () => {
    const stream = await startStream(driver.client);
    const theirs = await codeOf(otherDriver.client.graphql(DELETE, { id: stream.id, p: await proof(otherDriver.account, stream.id) }));
    const missingId = randomUUID();
    const missing = await codeOf(otherDriver.client.graphql(DELETE, { id: missingId, p: await proof(otherDriver.account, missingId) }));
    expect(theirs).toBe('NOT_FOUND');
    expect(missing).toBe('NOT_FOUND');
    // Signed by the real owner's key but sent from another account's session: still not theirs.
    expect(await codeOf(otherDriver.client.graphql(DELETE, { id: stream.id, p: await proof(driver.account, stream.id) }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(dispatcher.client.graphql(DELETE, { id: stream.id, p: await proof(dispatcher.account, stream.id) }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await driver.client.graphql<{ stream: { id: string } }>('query($id: ID!) { stream(id: $id) { id } }', { id: stream.id }),
    ).toEqual({
      stream: { id: stream.id },
    });
  });

  it('refuses a session without proof: forged, signed by another key, for another stream or time, stale, or missing', async () => {
    const stream = await startStream(driver.client);
    const thief = sameSession(a, driver.client);
    const now = new Date();
    expect(await codeOf(thief.graphql(DELETE, { id: stream.id, p: { at: now.toISOString(), signatureB64: FORGED } }))).toBe('FORBIDDEN');
    const byOther = await proof(otherDriver.account, stream.id, now, driver.account.contents.username);
    expect(await codeOf(thief.graphql(DELETE, { id: stream.id, p: byOther }))).toBe('FORBIDDEN');
    const other = await startStream(driver.client);
    expect(await codeOf(thief.graphql(DELETE, { id: stream.id, p: await proof(driver.account, other.id) }))).toBe('FORBIDDEN');
    const signed = await proof(driver.account, stream.id, now);
    const later = new Date(now.getTime() + 1000).toISOString();
    expect(await codeOf(thief.graphql(DELETE, { id: stream.id, p: { ...signed, at: later } }))).toBe('FORBIDDEN');
    const stale = await proof(driver.account, stream.id, new Date(Date.now() - 6 * 60_000));
    expect(await codeOf(thief.graphql(DELETE, { id: stream.id, p: stale }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(thief.graphql('mutation($id: ID!) { deleteStream(id: $id) { id } }', { id: stream.id }))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(await a.app.services.streams.find(stream.id)).toBeDefined();
  });
});
