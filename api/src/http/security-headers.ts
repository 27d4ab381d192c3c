/**
 * Response headers for everything the API serves directly: the policy of `@seccam/schema`
 * ([Note: one header policy, two servers]) for the configured public origin. The embedded
 * default has no nginx in front; behind nginx the edge sets the same headers and hides these.
 */
import type { ServerResponse } from 'node:http';
import { securityHeaders } from '@seccam/schema';

/** A function that sets the security headers of a site served at `publicOrigin` on a response. */
export function securityHeaderSetter(publicOrigin: string): (res: ServerResponse) => void {
  const headers = Object.entries(securityHeaders(publicOrigin));
  return (res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}
