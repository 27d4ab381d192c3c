/**
 * One GraphQL subscription over `/graphql` with the graphql-ws protocol
 * (`graphql-transport-ws`: connection_init → connection_ack → subscribe → next… → complete),
 * through the client's {@link Transport}, so it runs in browsers and in Node alike.
 *
 * [Note: one subscription per socket]
 * The SDK's subscriptions are few and long-lived (the stream events of one signed-in user), so
 * each gets its own socket and no multiplexing. There is no automatic reconnect: `closed` says
 * how it ended and the caller subscribes again (and re-reads what it shows, since events sent
 * meanwhile are lost — the server keeps no backlog). Every server message is parsed at the
 * boundary; anything that is not valid protocol closes the socket (4400).
 */
import type { TypedQuery } from './print-document.ts';
import type { SeccamClient } from './seccam-client.ts';
import type { GraphQLErrorPayload } from './request-errors.ts';
import type { WebSocketLike } from './transport.ts';

const PROTOCOL = 'graphql-transport-ws';
const BAD_MESSAGE = 4400;

export interface SubscriptionHandlers<T> {
  /** One result of the subscription. */
  next(data: T): void;
  /** The server refused or failed the operation (it is over). */
  error?(errors: readonly GraphQLErrorPayload[]): void;
}

export interface SubscriptionEnd {
  readonly code: number;
  readonly reason: string;
  /** True when the server completed the operation (or `close()` was called), not a lost socket. */
  readonly clean: boolean;
}

export interface GraphqlSubscription {
  /** Resolves once the server acknowledged the subscription (the operation is running). */
  readonly started: Promise<void>;
  /** Resolves when the socket closed, however that happened. */
  readonly closed: Promise<SubscriptionEnd>;
  close(): void;
}

interface ServerMessage {
  readonly type: string;
  readonly id?: unknown;
  readonly payload?: unknown;
}

function parseServerMessage(text: string): ServerMessage | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') return null;
    return value as ServerMessage;
  } catch {
    return null;
  }
}

function errorsOf(payload: unknown): GraphQLErrorPayload[] {
  const list: unknown[] = Array.isArray(payload) ? payload : [payload];
  return list.map((e) => {
    const { message, extensions } = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown; extensions?: unknown };
    return {
      message: typeof message === 'string' ? message : 'the server sent an error without a message',
      ...(typeof extensions === 'object' && extensions !== null ? { extensions: extensions as GraphQLErrorPayload['extensions'] } : {}),
    };
  });
}

/** Starts `document` as a subscription; `handlers.next` gets each result's `data`. */
export function subscribeGraphql<T, V>(
  client: SeccamClient,
  document: TypedQuery<T, V>,
  variables: V,
  handlers: SubscriptionHandlers<T>,
): GraphqlSubscription {
  const socket: WebSocketLike = client.openSocket('/graphql', PROTOCOL);
  let complete = false;
  let resolveStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const send = (message: object): void => {
    socket.send(JSON.stringify(message));
  };
  const closed = new Promise<SubscriptionEnd>((resolve) => {
    socket.addEventListener('close', (event) => {
      resolve({ code: event.code, reason: event.reason, clean: complete });
    });
  });
  socket.addEventListener('error', () => undefined); // a 'close' follows and says how it ended
  socket.addEventListener('open', () => {
    send({ type: 'connection_init', payload: {} });
  });
  socket.addEventListener('message', (event) => {
    const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
    if (!message) {
      socket.close(BAD_MESSAGE, 'invalid message');
      return;
    }
    switch (message.type) {
      case 'connection_ack':
        send({ id: '1', type: 'subscribe', payload: { query: document, variables } });
        resolveStarted();
        return;
      case 'ping':
        send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'next': {
        const payload = message.payload as { data?: T | null; errors?: unknown } | undefined;
        if (payload?.errors !== undefined) handlers.error?.(errorsOf(payload.errors));
        if (payload?.data) handlers.next(payload.data);
        return;
      }
      case 'error':
        complete = true;
        handlers.error?.(errorsOf(message.payload));
        socket.close(1000, 'done');
        return;
      case 'complete':
        complete = true;
        socket.close(1000, 'done');
        return;
      default:
        socket.close(BAD_MESSAGE, 'unexpected message');
    }
  });
  return {
    started,
    closed,
    close: () => {
      complete = true;
      socket.close(1000, 'done');
    },
  };
}
