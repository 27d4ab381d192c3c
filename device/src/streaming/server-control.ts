import { CloseCode, FrameError } from '@seccam/schema';
import type { FrameSocket } from './frame-socket.ts';
import { StreamingError } from './streaming-error.ts';

/**
 * Reads one control message the server sent on a frame socket with `parse`. A message that does
 * not parse is a protocol violation: `onInvalid` hears why and the answer is undefined.
 */
export function parseServerControl<T>(text: string, parse: (text: string) => T, onInvalid: (message: string) => void): T | undefined {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    onInvalid(`the server sent an invalid control message: ${error.message}`);
    return undefined;
  }
}

/** A server broke the protocol on `ws`: `fail` gets the `PROTOCOL` error, then the socket is closed as a bad control. */
export function failProtocol(ws: FrameSocket, message: string, fail: (error: StreamingError) => void): void {
  fail(new StreamingError('PROTOCOL', `${message}; report this server behaviour`));
  ws.close(CloseCode.BadControl, 'protocol violation');
}
