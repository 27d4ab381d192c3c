// Test support only: the world the authorisation matrix runs in — one real test API, the eight
// principals (each a real account with a real session, made through the SDK flows) and the owner's
// stream and grants every row is asked about.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import {
  clientFor,
  createReadyAccount,
  dispatcherAccount,
  dispatcherEncSerial,
  driverAccount,
  grant,
  GraphQLRequestError,
  type HttpsClient,
  type ReadyAccount,
  revokeCertificate,
  revokeGrant,
  startStream,
  startTestApi,
  type TestApi,
  signedIn,
  SESSION_COOKIE,
} from '@seccam/testkit';
import { DEFAULT_LIMITS } from '../limits.ts';
import { importBundleKeys, signActionStatement, signGrantStatement, type ActionStatement, type BundleContents } from '@seccam/pki';

/** Who asks, in the matrix's column order. */
export const PRINCIPALS = [
  'anonymous',
  'owner',
  'otherDriver',
  'granted',
  'revokedGrant',
  'expiredGrant',
  'otherDispatcher',
  'revokedCert',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** What a call answered: `ok`, or the refusal's `extensions.code`, or for sockets `http <status>` / `close <code>`. */
export type Outcome = string;

export interface Party {
  readonly client: HttpsClient;
  /** Undefined for `anonymous`. */
  readonly account: ReadyAccount | undefined;
  readonly userId: string | undefined;
}

export interface World {
  readonly api: TestApi;
  readonly parties: Readonly<Record<Principal, Party>>;
  readonly owner: ReadyAccount;
  /** The owner's stream that every stream row asks about (shared with `granted` and `revokedCert` through scope `all`). */
  readonly streamId: string;
  /** The owner's grant to `granted`. */
  readonly grantId: string;
  readonly ownerSigSerial: string;
  /** `granted`'s current `enc` serial (for grant statements). */
  readonly grantedEncSerial: string;
  /** Each dispatcher principal's current `enc` serial (`revokedCert` is no longer in the directory). */
  readonly encSerials: Readonly<Partial<Record<Principal, string>>>;
}

/** The Query, Mutation and Subscription fields of the emitted schema, as `Type.field`. */
export function schemaOperations(schemaPath: URL): string[] {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return roots.flatMap((t) => (t ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : [])).sort();
}

/** A named principal's username. */
export function usernameOf(world: World, principal: Principal): string {
  const account = world.parties[principal].account;
  if (!account) throw new Error(`${principal} has no account`);
  return account.contents.username;
}

/** The refusal's code, or `ok`. */
export async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return 'ok';
  } catch (e) {
    if (e instanceof GraphQLRequestError) return e.code ?? 'no code';
    throw e;
  }
}

/** Signs an action statement with `account`'s own `sig` key (whatever the statement claims). */
export async function signAs(account: ReadyAccount, action: ActionStatement): Promise<string> {
  const keys = await importBundleKeys(account.contents);
  return signActionStatement(action, keys.sig.privateKey);
}

/**
 * A second session of `party`, so `logout` can end one without ending the one the other rows use.
 * Opened by the session service as `login` does: the TOTP steps the login flow could use are spent.
 */
export async function secondSession(world: World, party: Party): Promise<HttpsClient> {
  const copy = clientFor(world.api);
  if (party.userId === undefined) return copy;
  copy.cookies.set(SESSION_COOKIE, await world.api.app.services.sessions.create(party.userId, { ip: '127.0.0.1', userAgent: 'matrix' }));
  return copy;
}

async function signedInParty(api: TestApi, account: ReadyAccount): Promise<Party> {
  const client = await signedIn(api, account);
  const { me } = await client.graphql<{ me: { id: string } }>('{ me { id } }');
  return { client, account, userId: me.id };
}

/** The serial of the account's current certificate of `kind`. */
export async function currentSerial(client: HttpsClient, kind: 'sig' | 'enc'): Promise<string> {
  const { me } = await client.graphql<{ me: { certificates: { serialHex: string; kind: string; revokedAt: string | null }[] } }>(
    '{ me { certificates { serialHex kind revokedAt } } }',
  );
  const found = me.certificates.find((c) => c.kind === kind && c.revokedAt === null);
  if (!found) throw new Error(`no current ${kind} certificate`);
  return found.serialHex;
}

/** Signs (with `driver`'s key) and creates a grant to `dispatcher`'s `encSerial`; returns its id. */
export async function grantTo(
  driverClient: HttpsClient,
  driver: BundleContents,
  dispatcher: string,
  encSerial: string,
  times: { createdAt: Date; expiresAt: Date | null } = { createdAt: new Date(), expiresAt: null },
  streamIds: string[] = [],
): Promise<string> {
  const id = randomUUID();
  const scope = streamIds.length > 0 ? ('streams' as const) : ('all' as const);
  const fields = { grantId: id, driver: driver.username, dispatcher, dispatcherEncSerial: encSerial, scope, streamIds, ...times };
  const signatureB64 = await signGrantStatement(fields, (await importBundleKeys(driver)).sig.privateKey);
  await driverClient.graphql('mutation($i: CreateGrantInput!) { createGrant(input: $i) { id } }', {
    i: { id, dispatcher, dispatcherEncSerial: encSerial, scope, streamIds, ...times, signatureB64 },
  });
  return id;
}

/**
 * A grant that had already expired when it was made: `createdAt` five minutes ago (inside the
 * server's clock window), `expiresAt` one minute ago — the API takes any expiry after `createdAt`.
 */
async function expiredGrant(driverClient: HttpsClient, driver: BundleContents, dispatcher: string): Promise<string> {
  const times = { createdAt: new Date(Date.now() - 5 * 60_000), expiresAt: new Date(Date.now() - 60_000) };
  return grantTo(driverClient, driver, dispatcher, await dispatcherEncSerial(driverClient, dispatcher), times);
}

/** Starts the API and makes the principals: accounts, sessions, the owner's stream and grants, one revoked certificate. */
export async function buildWorld(): Promise<World> {
  // Every principal asks for a verification mail from 127.0.0.1: lift the per-address limit.
  const api = await startTestApi({
    streamingLimits: { registration: { ...DEFAULT_LIMITS.registration, resend: { max: 1000, windowMs: 60_000 } } },
  });
  const kinds = { owner: 'driver', otherDriver: 'driver' } as Partial<Record<Principal, 'driver'>>;
  const named = PRINCIPALS.filter((p) => p !== 'anonymous');
  const accounts = await Promise.all(
    named.map((p) => createReadyAccount(api, kinds[p] === 'driver' ? driverAccount() : dispatcherAccount())),
  );
  const signed = await Promise.all(accounts.map((a) => signedInParty(api, a)));
  const parties = Object.fromEntries([
    ['anonymous', { client: clientFor(api), account: undefined, userId: undefined }],
    ...named.map((p, i) => [p, signed[i]]),
  ]) as Record<Principal, Party>;
  const owner = accounts[0] as ReadyAccount;
  const ownerClient = parties.owner.client;
  const stream = await startStream(ownerClient, 'matrix drive');
  const username = (p: Principal): string => (parties[p].account as ReadyAccount).contents.username;
  const grantId = await grant(ownerClient, owner.contents, username('granted'));
  const revoked = await grant(ownerClient, owner.contents, username('revokedGrant'));
  await revokeGrant(ownerClient, owner.contents, revoked);
  await expiredGrant(ownerClient, owner.contents, username('expiredGrant'));
  await grant(ownerClient, owner.contents, username('revokedCert'));
  const dispatchers = named.filter((p) => kinds[p] !== 'driver');
  const encSerials = Object.fromEntries(
    await Promise.all(dispatchers.map(async (p) => [p, await currentSerial(parties[p].client, 'enc')] as const)),
  );
  const revokedCert = parties.revokedCert;
  await revokeCertificate(
    revokedCert.client,
    (revokedCert.account as ReadyAccount).contents,
    await currentSerial(revokedCert.client, 'sig'),
    'matrix',
  );
  return {
    api,
    parties,
    owner,
    streamId: stream.id,
    grantId,
    ownerSigSerial: await currentSerial(ownerClient, 'sig'),
    grantedEncSerial: await dispatcherEncSerial(ownerClient, username('granted')),
    encSerials,
  };
}
