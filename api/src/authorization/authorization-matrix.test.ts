/**
 * The authorisation matrix: every GraphQL operation of the emitted schema and every WebSocket
 * endpoint, asked by each of eight principals, against one real API. A row says how a principal
 * calls the operation and what it must answer; the test fails when the schema gains an operation
 * without a row (or loses one a row names), so a new resolver cannot ship without its rule.
 *
 * [Note: the matrix signs with its own key]
 * Where an operation needs a signed statement (deleteStream, revokeGrant, revokeCertificate), each
 * principal signs the statement the server would check — naming the owner's stream, grant or
 * certificate — with its OWN `sig` key, so the question asked is whether another party's valid
 * signature gets in. `anonymous` has no key and replays a statement the owner signed. The owner's
 * own `ok` is asked on a fresh stream or grant, so the other cells are unaffected.
 *
 * The principals (made in authorization-matrix.test-support.ts): `owner`, a driver with the
 * stream and the grants; `otherDriver`; `granted`, a dispatcher holding the owner's active grant
 * (scope `all`); `revokedGrant` and `expiredGrant`, dispatchers whose grant from the owner was
 * revoked or had expired; `otherDispatcher`, with no grant; `revokedCert`, a dispatcher holding an
 * active grant who then revoked its own `sig` certificate while signed in. A grant names the
 * dispatcher's `enc` certificate (modules/sharing/access.ts), so `revokedCert` still reads what it was granted
 * with the session it has; what the revoked key signs is refused (the last `it`s), and a new login
 * needs a current `sig` certificate.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, grant, graphqlWsClient, type ReadyAccount, startStream, uniqueName } from '@seccam/testkit';
import { importBundleKeys, signGrantStatement, type ActionStatement } from '@seccam/pki';
import { CloseCode } from '@seccam/schema';
import {
  buildWorld,
  currentSerial,
  type Outcome,
  outcomeOf,
  type Party,
  type Principal,
  PRINCIPALS,
  schemaOperations,
  secondSession,
  signAs,
  type World,
  usernameOf,
} from './authorization-matrix.test-support.ts';
import {
  type HeardEvent,
  markerHeard,
  registeredSocketPaths,
  socketOutcome,
  subscribeOutcome,
} from './authorization-sockets.test-support.ts';

const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const NF = 'NOT_FOUND';
const BAD = 'BAD_USER_INPUT';
/** For listings: the call succeeds and the answer does / does not include the fixture's resource. */
const SEES = 'ok: sees';
const BLIND = 'ok: blind';

/** Expected outcomes in column order: anonymous, owner, otherDriver, granted, revokedGrant, expiredGrant, otherDispatcher, revokedCert. */
function cells(...outcomes: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]): Record<Principal, Outcome> {
  return Object.fromEntries(PRINCIPALS.map((p, i) => [p, outcomes[i]])) as Record<Principal, Outcome>;
}
const everyone = (o: Outcome) => cells(o, o, o, o, o, o, o, o);
const signedInOnly = (o: Outcome) => cells(U, o, o, o, o, o, o, o);
/** Drivers may, dispatchers are refused by role. */
const driversOnly = (owner: Outcome, otherDriver: Outcome) => cells(U, owner, otherDriver, F, F, F, F, F);
/** The owner's stream: the owner and the holders of an active grant see it; everyone else finds nothing. */
const streamReaders = cells(U, 'ok', NF, 'ok', NF, NF, NF, 'ok');
/** Owners only: who else may see the stream is refused, who may not finds nothing. */
const ownerOnly = cells(U, 'ok', NF, F, NF, NF, NF, F);

interface Call {
  readonly world: World;
  readonly principal: Principal;
  readonly party: Party;
  readonly gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
}

interface Row {
  readonly expect: Record<Principal, Outcome>;
  readonly call: (c: Call) => Promise<unknown>;
  /** For SEES/BLIND cells: does the answer include the fixture's resource? */
  readonly sees?: (data: unknown, world: World) => boolean;
  /** Runs after every other row (it ends sessions or revokes the owner's key). */
  readonly last?: boolean;
}

const account = (c: Call): ReadyAccount => c.party.account ?? c.world.owner;
const username = usernameOf;
/** A proof for `action` signed by the caller's own key ([Note: the matrix signs with its own key]). */
async function proof(c: Call, action: (at: Date) => ActionStatement): Promise<{ at: string; signatureB64: string }> {
  const at = new Date();
  return { at: at.toISOString(), signatureB64: await signAs(account(c), action(at)) };
}
const listed = (key: string, id: (w: World) => string) => (data: unknown, w: World) =>
  ((data as Record<string, { id: string }[]>)[key] ?? []).some((x) => x.id === id(w));

const ROWS: Record<string, Row> = {
  'Query.certificatesInLog': {
    expect: everyone('ok'),
    call: (c) => c.gql('query($u: String!) { certificatesInLog(username: $u) { leafIndex } }', { u: c.world.owner.contents.username }),
  },
  'Query.consistencyProof': { expect: everyone('ok'), call: (c) => c.gql('{ consistencyProof(firstSize: 1, secondSize: 1) }') },
  'Query.dispatchers': { expect: driversOnly('ok', 'ok'), call: (c) => c.gql('{ dispatchers { username } }') },
  'Query.epochKeys': {
    expect: streamReaders,
    call: (c) => c.gql('query($s: ID!) { epochKeys(streamId: $s) { epoch } }', { s: c.world.streamId }),
  },
  'Query.grants': {
    expect: cells(U, SEES, BLIND, SEES, BLIND, BLIND, BLIND, BLIND),
    call: (c) => c.gql('{ grants { id } }'),
    sees: listed('grants', (w) => w.grantId),
  },
  'Query.inclusionProof': { expect: everyone('ok'), call: (c) => c.gql('{ inclusionProof(leafIndex: 0) { treeSize } }') },
  'Query.me': { expect: signedInOnly('ok'), call: (c) => c.gql('{ me { id } }') },
  'Query.myStreams': {
    expect: cells(U, SEES, BLIND, BLIND, BLIND, BLIND, BLIND, BLIND),
    call: (c) => c.gql('{ myStreams { id } }'),
    sees: listed('myStreams', (w) => w.streamId),
  },
  'Query.platformTrust': { expect: everyone('ok'), call: (c) => c.gql('{ platformTrust { rootPem } }') },
  'Query.sharedStreams': {
    expect: cells(U, F, F, SEES, BLIND, BLIND, BLIND, SEES),
    call: (c) => c.gql('{ sharedStreams { id } }'),
    sees: listed('sharedStreams', (w) => w.streamId),
  },
  'Query.stream': { expect: streamReaders, call: (c) => c.gql('query($s: ID!) { stream(id: $s) { id } }', { s: c.world.streamId }) },
  'Query.streamAccessHistory': {
    expect: ownerOnly,
    call: (c) => c.gql('query($s: ID!) { streamAccessHistory(streamId: $s) { id } }', { s: c.world.streamId }),
  },
  'Query.streamRecipients': {
    expect: driversOnly('ok', NF),
    call: (c) => c.gql('query($s: ID!) { streamRecipients(streamId: $s) { username } }', { s: c.world.streamId }),
  },
  'Query.streamViewers': {
    expect: ownerOnly,
    call: (c) => c.gql('query($s: ID!) { streamViewers(streamId: $s) { username } }', { s: c.world.streamId }),
  },
  'Query.treeHead': { expect: everyone('ok'), call: (c) => c.gql('{ treeHead { treeSize } }') },

  // Account flows are public: the session (or its absence) changes nothing, so each is asked
  // with input that names no one's account and must answer the same for everyone.
  'Mutation.confirmTotp': {
    expect: everyone(U),
    call: (c) =>
      c.gql('mutation($i: ConfirmTotpInput!) { confirmTotp(input: $i) }', { i: { username: uniqueName('nobody'), code: '000000' } }),
  },
  'Mutation.login': {
    expect: everyone(U),
    call: async (c) => {
      const u = uniqueName('nobody');
      const { loginChallenge } = await c.gql<{ loginChallenge: { challengeId: string } }>(
        'mutation($u: String!) { loginChallenge(username: $u) { challengeId } }',
        { u },
      );
      const signature = Buffer.alloc(64, 1).toString('base64');
      return c.gql('mutation($i: LoginInput!) { login(input: $i) { id } }', {
        i: { username: u, challengeId: loginChallenge.challengeId, signature, totp: '000000' },
      });
    },
  },
  'Mutation.loginChallenge': {
    expect: everyone('ok'),
    call: (c) => c.gql('mutation($u: String!) { loginChallenge(username: $u) { challengeId } }', { u: c.world.owner.contents.username }),
  },
  'Mutation.register': {
    expect: everyone(BAD),
    call: (c) => {
      const u = uniqueName('nobody');
      return c.gql('mutation($i: RegisterInput!) { register(input: $i) { username } }', {
        i: { username: u, email: `${u}@example.test`, role: 'driver', sigCsrPem: 'not a csr', encCsrPem: 'not a csr' },
      });
    },
  },
  'Mutation.resendVerificationEmail': {
    expect: everyone('ok'),
    call: (c) => c.gql('mutation($e: String!) { resendVerificationEmail(email: $e) }', { e: `${uniqueName('nobody')}@example.test` }),
  },
  'Mutation.verifyEmail': {
    expect: everyone(BAD),
    call: (c) => c.gql('mutation($t: String!) { verifyEmail(token: $t) }', { t: 'A'.repeat(43) }),
  },

  'Mutation.startStream': { expect: driversOnly('ok', 'ok'), call: (c) => c.gql('mutation { startStream(input: { title: "m" }) { id } }') },
  'Mutation.createGrant': {
    // Each driver grants `granted` access to a stream: the owner a fresh one of its own, the
    // others the owner's stream — which must not work.
    expect: cells(U, 'ok', BAD, F, F, F, F, F),
    call: async (c) => {
      const streamId = c.principal === 'owner' ? (await startStream(c.party.client)).id : c.world.streamId;
      return grantAs(c, [streamId]);
    },
  },
  'Mutation.publishEpochKeys': {
    expect: driversOnly('ok', NF),
    call: (c) =>
      c.gql('mutation($i: PublishEpochKeysInput!) { publishEpochKeys(input: $i) }', {
        i: { streamId: c.world.streamId, epoch: 0, entries: [] },
      }),
  },
  'Mutation.deleteStream': {
    expect: driversOnly('ok', NF),
    call: async (c) => {
      const id = c.principal === 'owner' ? (await startStream(c.party.client)).id : c.world.streamId;
      const p = await proof(c, (at) => ({ kind: 'stream-deletion', fields: { streamId: id, owner: c.world.owner.contents.username, at } }));
      return c.gql('mutation($id: ID!, $p: ActionProofInput!) { deleteStream(id: $id, proof: $p) { id } }', { id, p });
    },
  },
  'Mutation.revokeGrant': {
    expect: driversOnly('ok', NF),
    call: async (c) => {
      const dispatcher = username(c.world, 'granted');
      const grantId =
        c.principal === 'owner'
          ? await grant(c.party.client, c.world.owner.contents, dispatcher, {
              scope: 'streams',
              streamIds: [(await startStream(c.party.client)).id],
            })
          : c.world.grantId;
      const driver = c.world.owner.contents.username;
      const p = await proof(c, (revokedAt) => ({ kind: 'grant-revocation', fields: { grantId, driver, dispatcher, revokedAt } }));
      return c.gql('mutation($id: ID!, $p: ActionProofInput!) { revokeGrant(id: $id, proof: $p) { id } }', { id: grantId, p });
    },
  },
  'Mutation.revokeCertificate': {
    // Everyone tries the owner's signing certificate; the owner's own revocation of it runs last.
    expect: cells(U, 'ok', NF, NF, NF, NF, NF, NF),
    last: true,
    call: async (c) => {
      const serialHex = c.world.ownerSigSerial;
      const holder = c.world.owner.contents.username;
      const p = await proof(c, (revokedAt) => ({ kind: 'certificate-revocation', fields: { serialHex, holder, revokedAt } }));
      return c.gql('mutation($s: String!, $p: ActionProofInput!) { revokeCertificate(serialHex: $s, proof: $p) }', { s: serialHex, p });
    },
  },
  'Mutation.submitTreeHeadCosignature': {
    // The cosignature is the credential, not a session: no account of any role is a witness the
    // operator configured (this API has none), so everyone is refused before the head is looked at.
    expect: everyone(F),
    call: (c) =>
      c.gql(`mutation($i: TreeHeadCosignatureInput!) { submitTreeHeadCosignature(input: $i) { witnessName } }`, {
        i: {
          witnessName: 'matrix-witness',
          treeSize: 1,
          rootHashB64: Buffer.alloc(32).toString('base64'),
          timestamp: new Date().toISOString(),
          logSignatureB64: Buffer.alloc(64).toString('base64'),
          cosignedAt: new Date().toISOString(),
          cosignatureB64: Buffer.alloc(64).toString('base64'),
        },
      }),
  },
  'Mutation.logout': {
    expect: signedInOnly('ok'),
    last: true,
    call: async (c) => (await secondSession(c.world, c.party)).graphql('mutation { logout }'),
  },
  'Mutation.logoutEverywhere': {
    // Ends every session of the caller, the matrix's own included: the very last row.
    expect: signedInOnly('ok'),
    last: true,
    call: async (c) => (await secondSession(c.world, c.party)).graphql('mutation { logoutEverywhere }'),
  },
  'Subscription.streamEvents': { expect: cells('http 401', ...sevenTimes('ok')), call: (c) => subscribeOutcome(c.world, c.party) },
};

/** A grant to `granted` covering `streamIds`, signed by the caller's own key. */
async function grantAs(c: Call, streamIds: string[]): Promise<unknown> {
  const id = randomUUID();
  const createdAt = new Date();
  const dispatcher = username(c.world, 'granted');
  const fields = {
    grantId: id,
    // A dispatcher is refused by role whatever it signs; it claims to be the owner.
    driver: c.principal === 'otherDriver' || c.principal === 'owner' ? account(c).contents.username : c.world.owner.contents.username,
    dispatcher,
    dispatcherEncSerial: c.world.grantedEncSerial,
    scope: 'streams' as const,
    streamIds,
    expiresAt: null,
    createdAt,
  };
  const signatureB64 = await signGrantStatement(fields, (await importBundleKeys(account(c).contents)).sig.privateKey);
  return c.gql('mutation($i: CreateGrantInput!) { createGrant(input: $i) { id } }', {
    i: {
      id,
      dispatcher,
      dispatcherEncSerial: c.world.grantedEncSerial,
      scope: 'streams',
      streamIds,
      expiresAt: null,
      createdAt,
      signatureB64,
    },
  });
}

const closed = (code: CloseCode) => `close ${code}`;
const NO_ACCESS = closed(CloseCode.Forbidden);

/** Every WebSocket endpoint: what a principal sends first, and what shows it was let in. */
const SOCKETS: Record<string, { expect: Record<Principal, Outcome>; call: (c: Call) => Promise<Outcome> }> = {
  '/ws/ingest': {
    // Only drivers record: a dispatcher is refused at the upgrade, another driver at its hello.
    expect: cells('http 401', 'ok', closed(CloseCode.Forbidden), ...fiveTimes('http 403')),
    call: (c) => socketOutcome(c.world, c.party, '/ws/ingest', { type: 'hello', streamId: c.world.streamId }, 'resume'),
  },
  '/ws/watch': {
    // 4403 "no access" (PROTOCOL §7); 4404 is kept for a stream that does not exist.
    expect: cells('http 401', 'ok', NO_ACCESS, 'ok', NO_ACCESS, NO_ACCESS, NO_ACCESS, 'ok'),
    call: (c) => socketOutcome(c.world, c.party, '/ws/watch', { type: 'subscribe', streamId: c.world.streamId, from: 0 }, 'subscribed'),
  },
  '/graphql': {
    expect: cells('http 401', ...sevenTimes('ok')),
    call: (c) => socketOutcome(c.world, c.party, '/graphql', { type: 'connection_init' }, 'connection_ack', 'graphql-transport-ws'),
  },
};

function fiveTimes(o: Outcome): [Outcome, Outcome, Outcome, Outcome, Outcome] {
  return [o, o, o, o, o];
}

function sevenTimes(o: Outcome): [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] {
  return [o, o, o, o, o, o, o];
}

describe('authorisation matrix', () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(() => world.api.stop());

  const callAs = (principal: Principal): Call => {
    const party = world.parties[principal];
    return { world, principal, party, gql: <T>(q: string, v?: Record<string, unknown>) => party.client.graphql<T>(q, v) };
  };

  async function outcomes(row: Row): Promise<Record<Principal, Outcome>> {
    const got = await Promise.all(
      PRINCIPALS.map(async (p) => {
        let data: unknown;
        const outcome = await outcomeOf(
          row.call(callAs(p)).then((d) => {
            data = d;
            return d;
          }),
        );
        // A socket row's call answers with the outcome it saw (a GraphQL answer is an object).
        if (outcome === 'ok' && typeof data === 'string') return data;
        if (outcome === 'ok' && row.sees && (row.expect[p] === SEES || row.expect[p] === BLIND))
          return row.sees(data, world) ? SEES : BLIND;
        return outcome;
      }),
    );
    return Object.fromEntries(PRINCIPALS.map((p, i) => [p, got[i]])) as Record<Principal, Outcome>;
  }

  it('has a row for every operation of the emitted schema, and none for an operation it lacks', () => {
    const ops = schemaOperations(new URL('../../../schema/schema.graphql', import.meta.url));
    expect(
      ops.filter((o) => !(o in ROWS)),
      'operations without a row',
    ).toEqual([]);
    expect(
      Object.keys(ROWS).filter((o) => !ops.includes(o)),
      'rows for operations the schema lacks',
    ).toEqual([]);
  });

  it('runs on the fixture it names: one grant per dispatcher principal, in the state its name says', async () => {
    const { grants } = await callAs('owner').gql<{ grants: { dispatcher: string; active: boolean; revokedAt: string | null }[] }>(
      '{ grants { dispatcher active revokedAt } }',
    );
    const state = (p: Principal) =>
      grants.filter((g) => g.dispatcher === username(world, p)).map((g) => (g.active ? 'active' : g.revokedAt ? 'revoked' : 'expired'));
    expect({
      granted: state('granted'),
      revokedGrant: state('revokedGrant'),
      expiredGrant: state('expiredGrant'),
      otherDispatcher: state('otherDispatcher'),
      revokedCert: state('revokedCert'),
    }).toEqual({ granted: ['active'], revokedGrant: ['revoked'], expiredGrant: ['expired'], otherDispatcher: [], revokedCert: ['active'] });
  });

  it('has a row for every WebSocket endpoint the upgrade router serves, and none it lacks', () => {
    expect(Object.keys(SOCKETS).sort()).toEqual(registeredSocketPaths());
  });

  const ordered = Object.entries(ROWS).sort(([, a], [, b]) => Number(a.last ?? false) - Number(b.last ?? false));
  const [now, last] = [ordered.filter(([, r]) => !r.last), ordered.filter(([, r]) => r.last)];

  for (const [op, row] of now) {
    it(op, async () => {
      expect(await outcomes(row)).toEqual(row.expect);
    });
  }

  for (const [path, socket] of Object.entries(SOCKETS)) {
    it(`WebSocket ${path}`, async () => {
      const got = await Promise.all(PRINCIPALS.map((p) => socket.call(callAs(p))));
      expect(Object.fromEntries(PRINCIPALS.map((p, i) => [p, got[i]]))).toEqual(socket.expect);
    });
  }

  it('takes nothing signed by a revoked sig key, even for its holder: revokedCert cannot revoke its own enc certificate', async () => {
    const c = callAs('revokedCert');
    const serialHex = await currentSerial(c.party.client, 'enc');
    const holder = account(c).contents.username;
    const p = await proof(c, (revokedAt) => ({ kind: 'certificate-revocation', fields: { serialHex, holder, revokedAt } }));
    const call = c.gql('mutation($s: String!, $p: ActionProofInput!) { revokeCertificate(serialHex: $s, proof: $p) }', { s: serialHex, p });
    expect(await outcomeOf(call)).toBe(F);
    expect(await currentSerial(c.party.client, 'enc')).toBe(serialHex);
  });

  it("streamEvents: only the owner and the stream's active grantees hear that it was deleted", async () => {
    const listeners = PRINCIPALS.filter((p) => p !== 'anonymous').map((p) => {
      const client = graphqlWsClient(world.api, world.parties[p].client);
      return {
        p,
        client,
        events: collect<{ streamEvents: HeardEvent }>(client, 'subscription { streamEvents { kind streamId grantId } }'),
      };
    });
    try {
      const heardMarker = (l: (typeof listeners)[number]) => markerHeard(world, l.p, () => l.events.items.map((i) => i.streamEvents));
      await Promise.all(listeners.map(heardMarker)); // every subscription is live
      const c = callAs('owner');
      const { id } = await startStream(c.party.client);
      const p = await proof(c, (at) => ({ kind: 'stream-deletion', fields: { streamId: id, owner: c.world.owner.contents.username, at } }));
      await c.gql('mutation($id: ID!, $p: ActionProofInput!) { deleteStream(id: $id, proof: $p) { id } }', { id, p });
      await Promise.all(listeners.map(heardMarker)); // each hears its events in order: the deletion came first, if at all
      const heard = Object.fromEntries(
        listeners.map((l) => [
          l.p,
          l.events.items.some((i) => i.streamEvents.kind === 'deleted' && i.streamEvents.streamId === id) ? SEES : BLIND,
        ]),
      );
      const expected = cells(U, SEES, BLIND, SEES, BLIND, BLIND, BLIND, SEES);
      expect(heard).toEqual(Object.fromEntries(listeners.map((l) => [l.p, expected[l.p]])));
    } finally {
      for (const l of listeners) void l.client.dispose();
    }
  });

  for (const [op, row] of last) {
    it(`${op} (after the others: it ends sessions or revokes the owner's key)`, async () => {
      expect(await outcomes(row)).toEqual(row.expect);
    });
  }
});
