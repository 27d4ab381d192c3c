/**
 * The signed-in identity of the app: the opened bundle's keys and the account, held in memory
 * only and wiped on sign-out or when the server says the session is gone.
 *
 * [Note: keys in memory only]
 * The bundle's private keys are imported as non-extractable CryptoKeys (`identityFromBundle`)
 * and kept in a Solid signal, nowhere else: never in localStorage, sessionStorage, IndexedDB or
 * a cookie. A reload therefore forgets them even while the server session (an HttpOnly cookie)
 * lives on; a signed-in route then sends the user to sign in again and back (see layout.tsx).
 * Signing out, a 401, or an UNAUTHENTICATED answer from the API drops the signal, so the keys
 * become unreachable and the garbage collector frees them.
 */
import {
  browserTransport,
  createClient,
  fetchMe,
  foreignCertificatesInLog,
  identityFromBundle,
  login,
  logout,
  logoutEverywhere,
  type Account,
  type Identity,
  type LoggedCertificate,
  type SeccamClient,
  type Transport,
} from '@seccam/device';
import { IndexedDbContactStore, IndexedDbRevokedGrantStore, IndexedDbTransparencyStore } from '@seccam/device/browser';
import type { BundleContents } from '@seccam/pki';
import { createContext, createSignal, useContext, type Accessor, type JSX } from 'solid-js';

/** Why the keys were forgotten, for the sign-in page to say. */
export type SessionEnd = 'signed-out' | 'expired';

export interface Session {
  /** The app's one SDK client (same origin, cookie session). */
  readonly client: SeccamClient;
  /** The opened bundle's keys, or undefined when not signed in (or after a reload). */
  readonly identity: Accessor<Identity | undefined>;
  /** The account as the API last described it (`me`), while signed in. */
  readonly account: Accessor<Account | undefined>;
  readonly signedIn: Accessor<boolean>;
  /** How the last session ended, until the next sign-in. */
  readonly ended: Accessor<SessionEnd | undefined>;
  /**
   * Certificates the transparency log holds in this username that the opened bundle does not
   * (checked at sign-in): someone with the CA key made a certificate others will accept as you.
   */
  readonly foreignCertificates: Accessor<readonly LoggedCertificate[]>;
  /** Proves possession of the bundle's key with a TOTP code, then holds its keys and the account. */
  signIn(contents: BundleContents, totpCode: string): Promise<void>;
  /** Re-reads the account (e.g. after verifying the e-mail). */
  refreshAccount(): Promise<void>;
  /** Ends this session on the server (or all of them) and forgets the keys; answers how many sessions ended. */
  signOut(options?: { readonly everywhere?: boolean }): Promise<number>;
  /** Forgets the keys without asking the server, e.g. when a socket reports the session ended. */
  forget(reason: SessionEnd): void;
}

const SessionContext = createContext<Session>();

/** True when a GraphQL response body reports UNAUTHENTICATED (the session is gone). */
function isUnauthenticatedBody(body: string): boolean {
  if (!body.includes('UNAUTHENTICATED')) return false;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    return parsed.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED') === true;
  } catch {
    return false;
  }
}

/** A transport that calls `onSessionGone` when the API answers 401 or UNAUTHENTICATED. */
function watchfulTransport(inner: Transport, onSessionGone: () => void): Transport {
  return {
    ...inner,
    fetch: async (url, request) => {
      const response = await inner.fetch(url, request);
      if (response.status === 401 || isUnauthenticatedBody(response.body)) onSessionGone();
      return response;
    },
  };
}

/** Creates the session state; `SessionProvider` puts one in context. Exported for tests and tools. */
export function createSession(transport: Transport = browserTransport()): Session {
  const [identity, setIdentity] = createSignal<Identity>();
  const [account, setAccount] = createSignal<Account>();
  const [ended, setEnded] = createSignal<SessionEnd>();
  const [foreignCertificates, setForeignCertificates] = createSignal<readonly LoggedCertificate[]>([]);
  const forget = (reason: SessionEnd) => {
    if (identity() === undefined && account() === undefined) return;
    setIdentity(undefined);
    setAccount(undefined);
    setForeignCertificates([]);
    setEnded(reason);
  };
  const client = createClient({
    transport: watchfulTransport(transport, () => {
      forget('expired');
    }),
    // The transparency log this page follows, the grants its driver revoked and the people its
    // users verified, remembered between visits ([Note: following the log], [Note: a revocation
    // the client keeps], [Note: verified contacts]).
    ...('indexedDB' in globalThis
      ? {
          transparency: { store: new IndexedDbTransparencyStore(globalThis.location.origin) },
          revokedGrants: new IndexedDbRevokedGrantStore(globalThis.location.origin),
          contacts: new IndexedDbContactStore(globalThis.location.origin),
        }
      : {}),
  });
  return {
    client,
    identity,
    account,
    signedIn: () => identity() !== undefined,
    ended,
    foreignCertificates,
    async signIn(contents, totpCode) {
      await login(client, contents, totpCode);
      const opened = await identityFromBundle(contents);
      const me = await fetchMe(client);
      const foreign = await foreignCertificatesInLog(client, me.username, [contents.sigCertPem, contents.encCertPem]);
      setEnded(undefined);
      setForeignCertificates(foreign);
      setAccount(me);
      setIdentity(opened);
    },
    async refreshAccount() {
      const me = await fetchMe(client);
      if (identity() !== undefined) setAccount(me);
    },
    async signOut(options = {}) {
      try {
        if (options.everywhere === true) return await logoutEverywhere(client);
        await logout(client);
        return 1;
      } finally {
        forget('signed-out');
      }
    },
    forget,
  };
}

/** Holds the session for everything inside it. */
export function SessionProvider(props: { readonly children: JSX.Element }) {
  const session = createSession();
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

/** The session of the surrounding {@link SessionProvider}. @throws Error outside one */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession() needs a <SessionProvider> around it');
  return session;
}
