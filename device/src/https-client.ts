/**
 * A minimal HTTPS + GraphQL client for Node with a cookie jar, pinned CA and optional client
 * certificate. The device CLI and the integration tests use it; browsers use Apollo Client.
 */
import { request } from 'node:https';
import type { TypedQuery } from './print-document.ts';

export interface HttpsClientOptions {
  /** e.g. https://localhost:3443 */
  readonly baseUrl: string;
  /** PEM CA(s) to trust: the platform root. Nothing else is trusted. */
  readonly ca: string | readonly string[];
  /** Origin header to send (browsers always send one; devices may). */
  readonly origin?: string;
  /** Optional mTLS client identity. */
  readonly clientCert?: { certPem: string; keyPem: string };
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface GraphQLErrorPayload {
  readonly message: string;
  readonly extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphQLErrorPayload[];
}

/** Thrown by {@link HttpsClient.graphql} when the response carries errors. */
export class GraphQLRequestError extends Error {
  readonly code: string | undefined;
  constructor(readonly errors: readonly GraphQLErrorPayload[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'GraphQLRequestError';
    this.code = errors[0]?.extensions?.code;
  }
}

export class HttpsClient {
  /** Cookie name → value; `Secure` cookies are kept since we only speak HTTPS. */
  readonly cookies = new Map<string, string>();
  /** The last response received (headers included), for callers that inspect them. */
  lastResponse: HttpResponse | undefined;

  constructor(readonly options: HttpsClientOptions) {}

  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  fetch(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const url = new URL(path, this.options.baseUrl);
    const cookie = this.cookieHeader();
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.options.ca as string | string[],
          ...(this.options.clientCert ? { cert: this.options.clientCert.certPem, key: this.options.clientCert.keyPem } : {}),
          headers: {
            ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
            ...(this.options.origin ? { origin: this.options.origin } : {}),
            ...(cookie ? { cookie } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            this.storeCookies(res.headers['set-cookie']);
            this.lastResponse = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
            resolve(this.lastResponse);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Runs a GraphQL operation and returns the raw response (data and errors). */
  async graphqlRaw<T, V = Record<string, unknown>>(query: TypedQuery<T, V>, variables?: V): Promise<GraphQLResponse<T>> {
    const res = await this.fetch('POST', '/graphql', JSON.stringify({ query, variables: variables ?? {} }));
    try {
      return JSON.parse(res.body) as GraphQLResponse<T>;
    } catch {
      throw new Error(`The server answered HTTP ${res.status} without a GraphQL body.`);
    }
  }

  /** Runs a GraphQL operation and returns `data`, throwing {@link GraphQLRequestError} on errors. */
  async graphql<T, V = Record<string, unknown>>(query: TypedQuery<T, V>, variables?: V): Promise<T> {
    const res = await this.graphqlRaw<T, V>(query, variables);
    if (res.errors?.length) throw new GraphQLRequestError(res.errors);
    if (!res.data) throw new Error('The server sent neither data nor errors.');
    return res.data;
  }

  private storeCookies(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
      if (value === '' || maxAge === 'max-age=0') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
