/**
 * /ws/watch and sharing, end to end on the real server: who may watch, byte-identical live and
 * replayed frames, late join at a keyframe, and revocation that closes sockets within a second,
 * deletes keys and makes the recorder rotate to a key the revoked dispatcher never gets.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  createReadyAccount,
  dispatcherAccount,
  dispatcherEncSerial,
  driverAccount,
  FrameSealer,
  grant,
  GraphQLRequestError,
  graphqlWsClient,
  type HttpsClient,
  login,
  myEpochKeys,
  openWs,
  payloadFor,
  publishKey,
  revokeCertificate,
  revokeGrant,
  type ReadyAccount,
  startStream,
  startTestApi,
  type TestApi,
  TestSocket,
  type TestStream,
  upgradeStatus,
} from '@seccam/testkit';
import { importBundleKeys, importCertificatePublicKey, openFrame, unwrapEpochKey, verifyKeySet, type EpochKey } from '@seccam/pki';
import { base64ToBytes, CloseCode, decodeFrame, decodeMediaPayload, FrameFlags } from '@seccam/schema';

interface Party {
  account: ReadyAccount;
  client: HttpsClient;
}

describe('/ws/watch, grants and revocation', () => {
  let api: TestApi;
  let driver: Party;
  let dispatcher: Party;
  let outsider: Party;
  let otherDriver: Party;

  const party = async (account: ReadyAccount): Promise<Party> => {
    const client = clientFor(api);
    await login(client, account.contents, account.nextCode);
    return { account, client };
  };

  beforeAll(async () => {
    api = await startTestApi();
    driver = await party(await createReadyAccount(api, driverAccount()));
    dispatcher = await party(await createReadyAccount(api, dispatcherAccount()));
    outsider = await party(await createReadyAccount(api, dispatcherAccount()));
    otherDriver = await party(await createReadyAccount(api, driverAccount()));
  });
  afterAll(() => api.stop());

  async function ingest(stream: TestStream): Promise<TestSocket> {
    const s = await TestSocket.open(api, '/ws/ingest', driver.client);
    s.send({ type: 'hello', streamId: stream.id });
    await s.until((x) => x.message('resume') !== undefined);
    return s;
  }

  async function watch(client: HttpsClient, streamId: string, from: number | 'live'): Promise<TestSocket> {
    const s = await TestSocket.open(api, '/ws/watch', client);
    s.send({ type: 'subscribe', streamId, from });
    return s;
  }

  async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
    return p.then(
      () => undefined,
      (e: unknown) => (e instanceof GraphQLRequestError ? e.code : 'not-graphql'),
    );
  }

  /** Decrypts `frameBytes` with whatever keys `viewer` can get and unwrap now. */
  async function viewerKeys(viewer: Party, streamId: string, driverSigCertPem: string): Promise<Map<number, EpochKey>> {
    const { enc } = await importBundleKeys(viewer.account.contents);
    const sigKey = await importCertificatePublicKey(driverSigCertPem, 'sig');
    const keys = new Map<number, EpochKey>();
    for (const entry of await myEpochKeys(viewer.client, streamId)) {
      const check = await verifyKeySet(
        {
          streamId,
          epoch: entry.epoch,
          entries: [{ recipient: entry.recipientSerial, wrappedKeyB64: entry.wrappedKeyB64 }],
          signatureB64: entry.signatureB64,
        },
        sigKey,
      );
      expect(check.ok).toBe(true);
      const unwrapped = await unwrapEpochKey(base64ToBytes(entry.wrappedKeyB64), enc.privateKey, { streamId, epoch: entry.epoch });
      if (unwrapped.ok) keys.set(entry.epoch, unwrapped.epochKey);
    }
    return keys;
  }

  it('refuses anonymous, cross-origin, ungranted and foreign viewers', async () => {
    const stream = await startStream(driver.client);
    expect(await upgradeStatus(openWs(api, '/ws/watch'))).toBe(401);
    expect(await upgradeStatus(openWs(api, '/ws/watch', { client: dispatcher.client, origin: 'https://evil.example' }))).toBe(403);
    for (const viewer of [dispatcher, outsider, otherDriver]) {
      const s = await watch(viewer.client, stream.id, 0);
      expect((await s.closed).code).toBe(CloseCode.Forbidden);
      expect(await errorCode(myEpochKeys(viewer.client, stream.id))).toBe('NOT_FOUND');
      expect(await errorCode(viewer.client.graphql('query($i: ID!) { stream(id: $i) { id } }', { i: stream.id }))).toBe('NOT_FOUND');
    }
    const unknown = await watch(driver.client, '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f', 0);
    expect((await unknown.closed).code).toBe(CloseCode.UnknownStream);
  });

  it('replays from any seq and forwards live frames byte-identical to the owner', async () => {
    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    const ing = await ingest(stream);
    const frames = await sealer.many(15);
    for (const f of frames) ing.sendFrame(f);
    await ing.until((x) => x.lastAck() === 14);

    const replay = await watch(driver.client, stream.id, 5);
    await replay.until((x) => x.binaries.length === 10);
    expect(replay.message('subscribed')).toMatchObject({ fromSeq: 5, initSeq: null, headSeq: 14, ended: false });
    expect(replay.binaries).toEqual(frames.slice(5));

    const more = await sealer.many(10);
    for (const f of more) ing.sendFrame(f);
    await replay.until((x) => x.binaries.length === 20);
    expect(replay.binaries.slice(10)).toEqual(more);

    ing.sendFrame(await sealer.next({ end: true }));
    await replay.until((x) => x.message('end') !== undefined);
    expect((await replay.closed).code).toBe(1000);
  });

  it('starts a late joiner at the last keyframe, with a detached INIT frame when needed', async () => {
    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    const ing = await ingest(stream);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 27; i++) {
      // seq 0: INIT|KEYFRAME; seq 20: KEYFRAME without INIT (the INIT is at 0).
      const flags = i === 0 ? FrameFlags.INIT | FrameFlags.KEYFRAME : i % 10 === 0 ? FrameFlags.KEYFRAME : 0;
      frames.push(await sealer.next({ flags }));
    }
    for (const f of frames) ing.sendFrame(f);
    await ing.until((x) => x.lastAck() === 26);
    const late = await watch(driver.client, stream.id, 'live');
    await late.until((x) => x.binaries.length === 8);
    expect(late.message('subscribed')).toMatchObject({ fromSeq: 20, initSeq: 0 });
    expect(late.binaries).toEqual([frames[0], ...frames.slice(20)]);
    late.ws.close();
    ing.ws.close();
  });

  it('shares through a signed grant, then revokes: socket closed in < 1 s, keys gone, rotation unreadable', async () => {
    const events = collect<{ streamEvents: { kind: string; streamId: string | null; epoch: number | null } }>(
      graphqlWsClient(api, dispatcher.client),
      'subscription { streamEvents { kind streamId grantId driver epoch } }',
    );
    const outsiderEvents = collect<{ streamEvents: { kind: string } }>(
      graphqlWsClient(api, outsider.client),
      'subscription { streamEvents { kind } }',
    );
    await new Promise((r) => setTimeout(r, 300)); // let both subscriptions register

    const grantId = await grant(driver.client, driver.account.contents, dispatcher.account.contents.username);
    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    expect(await publishKey(driver.client, driver.account.contents, stream.id, 0, await sealer.epochKey())).toBe(2);
    const ing = await ingest(stream);
    const epoch0 = await sealer.many(12);
    for (const f of epoch0) ing.sendFrame(f);
    await ing.until((x) => x.lastAck() === 11);

    const view = await watch(dispatcher.client, stream.id, 0);
    await view.until((x) => x.binaries.length === 12);
    const keys = await viewerKeys(dispatcher, stream.id, stream.sigCertificatePem);
    expect([...keys.keys()]).toEqual([0]);
    for (const [i, bytes] of view.binaries.entries()) {
      const opened = await openFrame(decodeFrame(bytes), keys.get(0) as EpochKey);
      if (!opened.ok) throw new Error(opened.message);
      expect(decodeMediaPayload(opened.payload).packets[0]?.data).toEqual(decodeMediaPayload(payloadFor(i)).packets[0]?.data);
    }

    // A second stream, recorded and closed while the grant holds: the dispatcher hears it end.
    const short = await startStream(driver.client);
    const shortSealer = await FrameSealer.forAccount(short, driver.account.contents);
    const shortIngest = await ingest(short);
    shortIngest.sendFrame(await shortSealer.next());
    shortIngest.sendFrame(await shortSealer.next({ end: true }));
    await shortIngest.until((x) => x.message('end') !== undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(events.items.filter((e) => e.streamEvents.streamId === short.id).map((e) => e.streamEvents.kind)).toEqual(['started', 'ended']);

    const revokedAt = Date.now();
    await revokeGrant(driver.client, driver.account.contents, grantId);
    await view.until((x) => x.message('revoked') !== undefined, 1000);
    const closed = await view.closed;
    expect(closed.code).toBe(CloseCode.Revoked);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect(await errorCode(myEpochKeys(dispatcher.client, stream.id))).toBe('NOT_FOUND');
    const again = await watch(dispatcher.client, stream.id, 0);
    expect((await again.closed).code).toBe(CloseCode.Forbidden);

    // The recorder is told to rotate; the new epoch is wrapped only to remaining recipients.
    await ing.until((x) => x.texts.some((m) => m.type === 'rekey'));
    const newKey = await sealer.rotate();
    expect(await publishKey(driver.client, driver.account.contents, stream.id, 1, newKey)).toBe(1);
    const epoch1 = await sealer.many(5);
    for (const f of epoch1) ing.sendFrame(f);
    await ing.until((x) => x.lastAck() === 16);
    // Even with every key it ever received, the dispatcher cannot read the new epoch.
    for (const f of epoch1) {
      const frame = decodeFrame(f);
      expect(frame.header.epoch).toBe(1);
      for (const k of keys.values()) expect((await openFrame(frame, k)).ok).toBe(false);
    }
    const owner = await watch(driver.client, stream.id, 12);
    await owner.until((x) => x.binaries.length === 5);
    expect(owner.binaries).toEqual(epoch1);

    await new Promise((r) => setTimeout(r, 300));
    const kinds = events.items.map((e) => e.streamEvents.kind);
    expect(kinds).toContain('shared');
    expect(kinds).toContain('started');
    expect(kinds).toContain('rekeyed');
    expect(kinds).toContain('revoked');
    expect(events.items.filter((e) => e.streamEvents.kind === 'rekeyed').map((e) => e.streamEvents.epoch)).toEqual([0]);
    expect(outsiderEvents.items).toEqual([]);
    events.dispose();
    outsiderEvents.dispose();
    owner.ws.close();
    ing.ws.close();
  });

  it('lists shared streams and grants for each party; refuses grants with bad signatures or certificates', async () => {
    const stream = await startStream(driver.client);
    const grantId = await grant(driver.client, driver.account.contents, dispatcher.account.contents.username, {
      scope: 'streams',
      streamIds: [stream.id],
    });
    const { sharedStreams } = await dispatcher.client.graphql<{ sharedStreams: { id: string }[] }>('{ sharedStreams { id } }');
    expect(sharedStreams.map((s) => s.id)).toContain(stream.id);
    const { grants } = await dispatcher.client.graphql<{ grants: { id: string; active: boolean; driver: string }[] }>(
      '{ grants { id active driver } }',
    );
    expect(grants.find((g) => g.id === grantId)).toMatchObject({ active: true, driver: driver.account.contents.username });
    expect(await errorCode(outsider.client.graphql('{ sharedStreams { id } }').then((r) => r))).toBeUndefined();

    const base = {
      id: '5b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f',
      dispatcher: dispatcher.account.contents.username,
      dispatcherEncSerial: 'abcdef',
      scope: 'all',
      createdAt: new Date(),
      signatureB64: Buffer.alloc(64, 1).toString('base64'),
    };
    const create = (input: Record<string, unknown>) =>
      driver.client.graphql('mutation($i: CreateGrantInput!) { createGrant(input: $i) { id } }', { i: { ...base, ...input } });
    expect(await errorCode(create({}))).toBe('BAD_USER_INPUT'); // stale certificate serial
    expect(await errorCode(create({ dispatcher: otherDriver.account.contents.username }))).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(dispatcher.client.graphql('mutation($i: CreateGrantInput!) { createGrant(input: $i) { id } }', { i: base })),
    ).toBe('FORBIDDEN');
    // Right serial, forged signature.
    const serial = await dispatcherEncSerial(driver.client, dispatcher.account.contents.username);
    const forged = await driver.client
      .graphql('mutation($i: CreateGrantInput!) { createGrant(input: $i) { id } }', { i: { ...base, dispatcherEncSerial: serial } })
      .then(
        () => null,
        (e: unknown) => e as GraphQLRequestError,
      );
    expect(forged?.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'signature' });
    // Keys may only be published to the driver itself or active grantees.
    const key = await new FrameSealer(stream, await importBundleKeys(driver.account.contents)).epochKey();
    await revokeGrant(driver.client, driver.account.contents, grantId);
    expect(await publishKey(driver.client, driver.account.contents, stream.id, 0, key)).toBe(1);
    expect(await errorCode(publishKey(otherDriver.client, otherDriver.account.contents, stream.id, 0, key))).toBe('NOT_FOUND');
  });

  it('a revoked dispatcher certificate disables its grants at once and appears in the CRL', async () => {
    const holder = await party(await createReadyAccount(api, dispatcherAccount()));
    const grantId = await grant(driver.client, driver.account.contents, holder.account.contents.username);
    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    await publishKey(driver.client, driver.account.contents, stream.id, 0, await sealer.epochKey());
    const ing = await ingest(stream);
    for (const f of await sealer.many(3)) ing.sendFrame(f);
    await ing.until((x) => x.lastAck() === 2);
    const view = await watch(holder.client, stream.id, 0);
    await view.until((x) => x.binaries.length === 3);

    const { me } = await holder.client.graphql<{ me: { certificates: { serialHex: string; kind: string }[] } }>(
      '{ me { certificates { serialHex kind } } }',
    );
    const encSerial = me.certificates.find((c) => c.kind === 'enc')?.serialHex ?? '';
    await revokeCertificate(holder.client, holder.account.contents, encSerial, 'laptop stolen');

    await view.until((x) => x.message('revoked') !== undefined, 1000);
    expect((await view.closed).code).toBe(CloseCode.Revoked);
    await ing.until((x) => x.texts.some((m) => m.type === 'rekey'));
    const { grants } = await driver.client.graphql<{ grants: { id: string; active: boolean }[] }>('{ grants { id active } }');
    expect(grants.find((g) => g.id === grantId)?.active).toBe(false);
    expect(await errorCode(myEpochKeys(holder.client, stream.id))).toBe('NOT_FOUND');
    const { streamRecipients } = await driver.client.graphql<{ streamRecipients: { username: string }[] }>(
      'query($s: ID!) { streamRecipients(streamId: $s) { username } }',
      { s: stream.id },
    );
    expect(streamRecipients.map((r) => r.username)).toEqual([driver.account.contents.username]);
    const crl = await clientFor(api).fetch('GET', '/pki/crl.pem');
    const text = execFileSync('openssl', ['crl', '-noout', '-text'], { input: crl.body, encoding: 'utf8' });
    expect(text.toLowerCase().replace(/:/g, '')).toContain(encSerial.replace(/^0+/, ''));
    ing.ws.close();
  });

  it('logging out closes the sockets opened with that session, and only those', async () => {
    const token = await api.app.services.sessions.create(driver.account.registration.userId, {
      ip: '127.0.0.1',
      userAgent: 'second device',
    });
    const second = clientFor(api);
    second.cookies.set('__Host-seccam-session', token);
    const stream = await startStream(second);
    const ing = await TestSocket.open(api, '/ws/ingest', second);
    ing.send({ type: 'hello', streamId: stream.id });
    await ing.until((x) => x.message('resume') !== undefined);
    const view = await watch(second, stream.id, 'live');
    await view.until((x) => x.message('subscribed') !== undefined);
    const gql = graphqlWsClient(api, second, { lazy: false });
    const sub = collect(gql, 'subscription { streamEvents { kind } }');
    const gqlClosed = new Promise<number>((resolve) =>
      gql.on('closed', (e) => {
        resolve((e as { code: number }).code);
      }),
    );
    const untouched = await watch(driver.client, stream.id, 'live');
    await untouched.until((x) => x.message('subscribed') !== undefined);

    await second.graphql('mutation { logout }');
    expect((await ing.closed).code).toBe(CloseCode.Unauthenticated);
    expect((await view.closed).code).toBe(CloseCode.Unauthenticated);
    expect(await gqlClosed).toBe(CloseCode.Unauthenticated);
    expect(untouched.ws.readyState).toBe(untouched.ws.OPEN);
    sub.dispose();
    untouched.ws.close();
  });

  it('tells a recorder that was offline during a revocation to rotate as soon as it reconnects', async () => {
    const holder = await party(await createReadyAccount(api, dispatcherAccount()));
    const grantId = await grant(driver.client, driver.account.contents, holder.account.contents.username);
    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    await publishKey(driver.client, driver.account.contents, stream.id, 0, await sealer.epochKey());
    const first = await ingest(stream);
    first.sendFrame(await sealer.next());
    await first.until((x) => x.lastAck() === 0);
    first.ws.terminate(); // the dashcam drives into a tunnel

    await revokeGrant(driver.client, driver.account.contents, grantId);
    const back = await ingest(stream);
    await back.until((x) => x.texts.some((m) => m.type === 'rekey'));
    expect(back.texts.map((m) => m.type)).toEqual(['resume', 'rekey']);
    back.ws.close();

    // After the rotation is published, a reconnect needs no rekey.
    await publishKey(driver.client, driver.account.contents, stream.id, 1, await sealer.rotate());
    const again = await ingest(stream);
    await new Promise((r) => setTimeout(r, 200));
    expect(again.texts.map((m) => m.type)).toEqual(['resume']);
    again.ws.close();
  });

  it('tells a recorder that was offline when a grant expired to rotate as soon as it reconnects', async () => {
    const holder = await party(await createReadyAccount(api, dispatcherAccount()));
    const expiresAt = new Date(Date.now() + 1500);
    await grant(driver.client, driver.account.contents, holder.account.contents.username, { expiresAt });
    const stream = await startStream(driver.client);
    const sealer = await FrameSealer.forAccount(stream, driver.account.contents);
    await publishKey(driver.client, driver.account.contents, stream.id, 0, await sealer.epochKey());
    const first = await ingest(stream);
    first.sendFrame(await sealer.next());
    await first.until((x) => x.lastAck() === 0);
    first.ws.terminate(); // offline while the grant expires

    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt.getTime() - Date.now() + 50)));
    const back = await ingest(stream);
    await back.until((x) => x.texts.some((m) => m.type === 'rekey'));
    expect(back.texts.map((m) => m.type)).toEqual(['resume', 'rekey']);
    back.ws.close();
  });
});
