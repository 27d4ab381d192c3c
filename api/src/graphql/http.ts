/**
 * Node `https` request → Apollo `executeHTTPGraphQLRequest`, with a body size limit, Origin
 * check, the session resolved from the cookie, and an answer deadline (graphql/deadline.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { TimeoutError } from '../errors.ts';
import { sessionCookieHeader } from '../modules/sessions/session-cookie.ts';
import type { RequestContext } from './context.ts';
import { TIMED_OUT, withDeadline } from './deadline.ts';

export type ContextFactory = (req: IncomingMessage) => Promise<RequestContext>;

export async function handleGraphQLHttp(
  apollo: ApolloServer<RequestContext>,
  req: IncomingMessage,
  res: ServerResponse,
  makeContext: ContextFactory,
  maxBodyBytes: number,
  requestTimeoutMs: number,
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
  const url = new URL(req.url ?? '/', 'https://x');
  // The session lookup and the operation share the deadline: either can wait on the database.
  const answered = await withDeadline(
    (async () => {
      const context = await makeContext(req);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsedBody },
        context: () => Promise.resolve(context),
      });
      return { context, result };
    })(),
    requestTimeoutMs,
  );
  if (answered === TIMED_OUT) {
    sendTimeout(res);
    return;
  }
  const { context, result } = answered;
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

/** 503 TIMEOUT with Retry-After: retryable, but a mutation may still have taken effect. */
function sendTimeout(res: ServerResponse): void {
  const timeout = new TimeoutError();
  res.setHeader('retry-after', String(timeout.extensions.retryAfterSeconds));
  sendJsonError(res, 503, timeout.code, timeout.message, timeout.extensions);
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
