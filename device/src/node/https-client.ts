/**
 * The SDK client for Node: `SeccamClient` over {@link nodeTransport}, with its cookie jar in
 * view. The device CLI and the integration tests use it; browsers use `createClient()`.
 */
import { SeccamClient, type ClientOptions } from '../client/seccam-client.ts';
import { cookieHeaderOf, type CookieJar } from './cookie-jar.ts';
import { nodeTransport } from './node-transport.ts';

export interface HttpsClientOptions {
  /** e.g. https://localhost:3443 */
  readonly baseUrl: string;
  /** PEM CA(s) to trust: the platform root. Nothing else is trusted. */
  readonly ca: string | readonly string[];
  /** Origin header to send (browsers always send one; devices may). */
  readonly origin?: string;
  /** Optional mTLS client identity. */
  readonly clientCert?: { certPem: string; keyPem: string };
  /** The transparency log to follow and where its heads are kept (see `ClientOptions`). */
  readonly transparency?: ClientOptions['transparency'];
  /** Where the grants this driver revoked are remembered (see `ClientOptions`). */
  readonly revokedGrants?: ClientOptions['revokedGrants'];
  /** Where this user's verified contacts are kept (see `ClientOptions`). */
  readonly contacts?: ClientOptions['contacts'];
}

export class HttpsClient extends SeccamClient {
  /** Cookie name → value; `Secure` cookies are kept since we only speak HTTPS. */
  readonly cookies: CookieJar;
  readonly options: HttpsClientOptions;

  constructor(options: HttpsClientOptions) {
    const cookies: CookieJar = new Map();
    super({
      url: options.baseUrl,
      transport: nodeTransport({ ...options, cookies }),
      ...(options.transparency ? { transparency: options.transparency } : {}),
      ...(options.revokedGrants ? { revokedGrants: options.revokedGrants } : {}),
      ...(options.contacts ? { contacts: options.contacts } : {}),
    });
    this.cookies = cookies;
    this.options = options;
  }

  cookieHeader(): string | undefined {
    return cookieHeaderOf(this.cookies);
  }
}
