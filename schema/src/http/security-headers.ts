/**
 * The security headers of every response a browser gets from SecCam, in one place.
 *
 * [Note: one header policy, two servers]
 * Behind the nginx edge the headers are set there (nginx/nginx.conf.template, which hides the
 * API's own); the embedded default has no nginx, so the API sets them itself
 * (api/src/http/security-headers.ts). Both must send the same policy, so it is written once
 * here. The template cannot import it (the nginx image renders it with envsubst, without
 * Node), so nginx/render.test.ts renders the template and fails when any header differs.
 *
 * The policy allows nothing inline and nothing from another origin: the web app is static
 * files of its own origin, media and workers come from `blob:` URLs it makes, and it talks
 * only to its own origin over HTTPS and WebSockets (`connect-src` names the wss origin
 * because older engines do not let `'self'` cover WebSocket schemes).
 */

/** The WebSocket origin of a public web origin: `https://host[:port]` → `wss://host[:port]` (`http` → `ws`). */
export function webSocketOriginOf(publicOrigin: string): string {
  return publicOrigin.replace(/^http(s?):/, 'ws$1:');
}

/** The Content-Security-Policy of a site served at `publicOrigin` (`https://host[:port]`). */
export function contentSecurityPolicy(publicOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self' ${webSocketOriginOf(publicOrigin)}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** Every security header (name as sent, value) of a site served at `publicOrigin`. */
export function securityHeaders(publicOrigin: string): Readonly<Record<string, string>> {
  return {
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
    'Content-Security-Policy': contentSecurityPolicy(publicOrigin),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
