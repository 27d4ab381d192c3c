/**
 * Who is calling: client IP (from the socket, or from `X-Forwarded-For` only when the peer is
 * our own nginx, authenticated by its mTLS client certificate) and Origin checks.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface ProxyTrust {
  /** Trust `X-Forwarded-For` at all. */
  readonly enabled: boolean;
  /**
   * SHA-256 fingerprint (Node's `AA:BB:…` form) of nginx's client certificate. Pinned, not
   * matched by name: any platform-issued certificate could carry a chosen subject.
   */
  readonly edgeCertFingerprint256: string | undefined;
}

export function isTrustedProxy(req: IncomingMessage, trust: ProxyTrust): boolean {
  if (!trust.enabled || !trust.edgeCertFingerprint256) return false;
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return false;
  return socket.getPeerCertificate().fingerprint256 === trust.edgeCertFingerprint256;
}

export function clientIp(req: IncomingMessage, trust: ProxyTrust): string {
  if (isTrustedProxy(req, trust)) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim();
    if (last && /^[0-9a-fA-F:.]{2,45}$/.test(last)) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * True when the request carries an `Origin` we accept. Browsers always send Origin on WebSocket
 * upgrades and cross-site POSTs; device clients may omit it, which is accepted because they
 * cannot carry a browser's ambient cookie anyway.
 */
export function isAllowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowed.includes(origin);
}
