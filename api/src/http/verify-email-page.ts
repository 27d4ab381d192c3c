/**
 * `/verify-email`: the link in the verification mail. GET shows a confirm button (so mail
 * scanners that prefetch links do not consume the token); POST consumes it. Works without JS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '../errors.ts';
import type { EmailVerificationService } from '../modules/email-verification/email-verification.service.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const page = (body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SecCam — verify e-mail</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>${body}</main></body></html>`;

export async function handleVerifyEmail(req: IncomingMessage, res: ServerResponse, service: EmailVerificationService): Promise<void> {
  res.setHeader('cache-control', 'no-store');
  if (req.method === 'GET') {
    const token = new URL(req.url ?? '/', 'https://x').searchParams.get('token') ?? '';
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        page(
          `<h1>Verify your e-mail address</h1><form method="post" action="/verify-email">` +
            `<input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Verify</button></form>`,
        ),
      );
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  const body = await readSmallBody(req, 4096);
  const token = new URLSearchParams(body ?? '').get('token') ?? '';
  try {
    const username = await service.verify(token);
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page(`<h1>E-mail verified</h1><p>Thank you, ${escapeHtml(username)}. You can now sign in.</p>`));
  } catch (e) {
    if (!isAppError(e)) throw e;
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page(`<h1>Not verified</h1><p>${escapeHtml(e.message)}</p>`));
  }
}

function readSmallBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
      if (data.length > limit) {
        resolve(null);
        req.destroy();
      }
    });
    req.on('end', () => {
      resolve(data);
    });
    req.on('error', () => {
      resolve(null);
    });
  });
}
