import { browserTransport } from './browser-transport.ts';
import type { TypedQuery } from './print-document.ts';
import { GraphQLRequestError, HttpStatusError, type GraphQLResponse } from './request-errors.ts';
import type { SocketControlFactory, Transport, TransportResponse, WebSocketLike } from './transport.ts';
import { LogFollower } from '../transparency/log-follower.ts';
import { consistencyProofsFrom } from '../transparency/log-operations.ts';
import type { TransparencyStore } from '../transparency/transparency-store.ts';
import type { RequiredWitness } from '../transparency/witness-requirement.ts';
import { MemoryRevokedGrantStore, type RevokedGrantStore } from '../sharing/revoked-grants.ts';
import { MemoryContactStore, type ContactStore } from '../contacts/contact-store.ts';

export type HttpResponse = TransportResponse;

export interface ClientOptions {
  /** The API's origin, e.g. `https://localhost:3443`. Default: the page's own origin (`location.origin`). */
  readonly url?: string;
  /** How requests and sockets travel. Default: {@link browserTransport}. */
  readonly transport?: Transport;
  /**
   * The certificate transparency log this client follows ([Note: following the log]): where it
   * keeps the newest head it accepted (default: memory, this process only) and the log key id
   * learned out of band (default: the first log seen, then kept in the store), and the witnesses
   * whose cosignatures every head must carry, `minimumWitnesses` of them (default: all)
   * ([Note: requiring witnesses]).
   */
  readonly transparency?: {
    readonly store?: TransparencyStore;
    readonly logIdHex?: string;
    readonly requireWitnesses?: readonly RequiredWitness[];
    readonly minimumWitnesses?: number;
  };
  /** Where the ids of grants this driver revoked are kept (default: memory) ([Note: a revocation the client keeps]). */
  readonly revokedGrants?: RevokedGrantStore;
  /** Where this user's verified contacts are kept (default: memory) ([Note: verified contacts]). */
  readonly contacts?: ContactStore;
}

/**
 * The SDK's connection to one SecCam API: GraphQL over HTTP and the frame WebSockets, through
 * a {@link Transport}. Every flow of the SDK (accounts, recording, watching, sharing, export)
 * takes one, in browsers and in Node alike.
 */
export class SeccamClient {
  /** The API's origin; request paths are resolved against it. */
  readonly baseUrl: string;
  readonly transport: Transport;
  /** The last response received (headers included), for callers that inspect them. */
  lastResponse: HttpResponse | undefined;
  /** Checks every certificate this client uses against the transparency log, remembering the heads it accepted. */
  readonly log: LogFollower;
  /** The grants this client's driver revoked, never wrapped to again whatever the server says. */
  readonly revokedGrants: RevokedGrantStore;
  /** The people this user verified; a changed certificate of theirs is never used silently. */
  readonly contacts: ContactStore;

  constructor(options: ClientOptions = {}) {
    const url = options.url ?? ('location' in globalThis ? globalThis.location.origin : undefined);
    if (url === undefined) throw new TypeError('no API url: pass `url` (outside a browser page there is no origin to default to)');
    this.baseUrl = new URL(url).origin;
    this.transport = options.transport ?? browserTransport();
    this.log = new LogFollower({ ...options.transparency, consistencyProof: consistencyProofsFrom(this) });
    this.revokedGrants = options.revokedGrants ?? new MemoryRevokedGrantStore();
    this.contacts = options.contacts ?? new MemoryContactStore();
  }

  /** The runtime's socket extras, if the transport has them. */
  get socketControl(): SocketControlFactory | undefined {
    return this.transport.socketControl;
  }

  async fetch(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const response = await this.transport.fetch(new URL(path, this.baseUrl).href, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body } : {}),
    });
    this.lastResponse = response;
    return response;
  }

  /**
   * Runs a GraphQL operation and returns the raw response (data and errors).
   * @throws HttpStatusError when the body is not a GraphQL response
   */
  async graphqlRaw<T, V = Record<string, unknown>>(query: TypedQuery<T, V>, variables?: V): Promise<GraphQLResponse<T>> {
    const res = await this.fetch('POST', '/graphql', JSON.stringify({ query, variables: variables ?? {} }));
    try {
      return JSON.parse(res.body) as GraphQLResponse<T>;
    } catch {
      throw new HttpStatusError(res.status);
    }
  }

  /** Runs a GraphQL operation and returns `data`, throwing {@link GraphQLRequestError} on errors. */
  async graphql<T, V = Record<string, unknown>>(query: TypedQuery<T, V>, variables?: V): Promise<T> {
    const res = await this.graphqlRaw<T, V>(query, variables);
    if (res.errors?.length) throw new GraphQLRequestError(res.errors);
    if (!res.data) throw new Error('The server sent neither data nor errors.');
    return res.data;
  }

  /** Opens a WebSocket to `path` on the API (https → wss) through the transport. */
  openSocket(path: string, protocols?: string | string[]): WebSocketLike {
    const url = new URL(path, this.baseUrl);
    url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
    return this.transport.webSocket(url.href, protocols);
  }
}

/** A client for the API at `options.url` (default: the page's origin) over `options.transport` (default: the browser's). */
export function createClient(options: ClientOptions = {}): SeccamClient {
  return new SeccamClient(options);
}
