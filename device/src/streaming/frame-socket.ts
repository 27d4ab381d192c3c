import { StandardCloseCode } from '@seccam/schema';
import { SocketState, type SocketControl, type SocketControlFactory, type WebSocketLike } from '../client/transport.ts';
import { deferred } from './deferred.ts';

/** The two frame endpoints (docs/PROTOCOL.md §7). */
export type FrameSocketPath = '/ws/ingest' | '/ws/watch';

/** Opens a new WebSocket to one endpoint; called again for every reconnect. */
export type SocketConnector = () => WebSocketLike;

/** What a streaming client hears from one connection. */
export interface FrameSocketEvents {
  open(): void;
  text(text: string): void;
  binary(bytes: Uint8Array): void;
  /** `refusedStatus`: the HTTP status that refused the upgrade, when the runtime can see it. */
  close(code: number, reason: string, refusedStatus: number | undefined): void;
}

/** A close that does not finish its handshake within this time is cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * One connection of the ingest or watch client: a WHATWG WebSocket in binary `arraybuffer`
 * mode, plus the runtime's extras when there are any ([Note: what only Node can do with a
 * socket] in client/transport.ts). Without them, `keepAlive`, `pause` and `resume` do nothing
 * and `drop` is a `close()` that is still reported as 1006 (a lost link), so the clients decide
 * the same way in every runtime.
 */
export class FrameSocket {
  readonly #socket: WebSocketLike;
  readonly #control: SocketControl | undefined;
  readonly #closed = deferred<undefined>();
  #refusedStatus: number | undefined;
  #dropped = false;

  constructor(socket: WebSocketLike, controlFor: SocketControlFactory | undefined, events: FrameSocketEvents) {
    this.#socket = socket;
    this.#control = controlFor?.(socket);
    socket.binaryType = 'arraybuffer';
    this.#control?.onUpgradeRefused((status) => {
      this.#refusedStatus = status;
    });
    socket.addEventListener('open', () => {
      events.open();
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') events.text(event.data);
      else events.binary(bytesOf(event.data));
    });
    socket.addEventListener('close', (event) => {
      this.#closed.resolve(undefined);
      if (this.#dropped) events.close(StandardCloseCode.Abnormal, '', this.#refusedStatus);
      else events.close(event.code, event.reason, this.#refusedStatus);
    });
    socket.addEventListener('error', () => undefined); // a 'close' always follows; it decides what happens next
  }

  get isOpen(): boolean {
    return this.#socket.readyState === SocketState.Open;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  get isPaused(): boolean {
    return this.#control?.isPaused ?? false;
  }

  sendText(text: string): void {
    this.#socket.send(text);
  }

  sendBytes(bytes: Uint8Array): void {
    this.#socket.send(bytes);
  }

  close(code: number, reason?: string): void {
    this.#socket.close(code, reason);
  }

  /** Drops the connection now; it is reported as a lost link (1006). */
  drop(): void {
    if (this.#socket.readyState === SocketState.Closed) return;
    this.#dropped = true;
    if (this.#control) this.#control.terminate();
    else this.#socket.close();
  }

  keepAlive(intervalMs: number): void {
    this.#control?.keepAlive(intervalMs);
  }

  pause(): void {
    this.#control?.pause();
  }

  resume(): void {
    this.#control?.resume();
  }

  /** Closes gracefully (1000), dropping the connection if the close handshake does not finish within 2 s. */
  closeGracefully(): Promise<void> {
    if (this.#socket.readyState === SocketState.Closed) return Promise.resolve();
    const timer = setTimeout(() => {
      this.drop();
    }, CLOSE_GRACE_MS);
    if (this.#socket.readyState === SocketState.Open) this.close(StandardCloseCode.Normal, 'client done');
    else if (this.#socket.readyState === SocketState.Connecting) this.drop();
    return this.#closed.promise.then(() => {
      clearTimeout(timer);
    });
  }
}

function bytesOf(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError("the WebSocket implementation ignored binaryType 'arraybuffer'");
}
