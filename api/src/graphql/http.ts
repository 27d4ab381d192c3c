/**
 * Node `https` request → Apollo `executeHTTPGraphQLRequest`, with a body size limit, Origin
 * check, and the session resolved from the cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { sessionCookieHeader } from '../modules/sessions/session-cookie.ts';
import type { RequestContext } from './context.ts';

export type ContextFactory = (req: IncomingMessage) => Promise<RequestContext>;

export async function handleGraphQLHttp(
  apollo: ApolloServer<RequestContext>,
  req: IncomingMessage,
  res: ServerResponse,
  makeContext: ContextFactory,
  maxBodyBytes: number,
): Promise<void> {
  let body: string;
  try {
    body = await readBody(req, maxBodyBytes);
  } catch {
    sendJsonError(res, 413, 'BAD_REQUEST', `Request body larger than ${maxBodyBytes} bytes.`);
    return;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let parsedBody: unknown = undefined;
  if (req.method === 'POST' && headers.get('content-type')?.startsWith('application/json')) {
    try {
      parsedBody = JSON.parse(body);
    } catch {
      sendJsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      return;
    }
  }
  const context = await makeContext(req);
  const url = new URL(req.url ?? '/', 'https://x');
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsedBody },
    context: () => Promise.resolve(context),
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  // A login/logout cookie wins over the sliding renewal of the current session.
  const renewed = context.session?.renewedToken;
  const cookies = context.setCookies.length > 0 ? context.setCookies : renewed ? [sessionCookieHeader(renewed)] : [];
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.setHeader('cache-control', 'no-store');
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] }));
}
