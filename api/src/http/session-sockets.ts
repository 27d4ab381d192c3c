/**
 * Every WebSocket opened with a session (graphql-ws, ingest, watch), so that ending the session
 * ends its sockets too: logout, "log out everywhere", and the session's absolute expiry apply to
 * long-lived connections at once, not only to the next HTTP request.
 */
import type WebSocket from 'ws';
import { CloseCode } from '@seccam/schema';
import type { ActiveSession } from '../modules/sessions/sessions.service.ts';

interface Tracked {
  readonly ws: WebSocket;
  readonly sessionId: string;
  readonly userId: string;
  readonly timer: NodeJS.Timeout;
}

export class SessionSockets {
  private readonly sockets = new Set<Tracked>();

  /** Tracks `ws` until it closes; closes it with 4401 when the session reaches its absolute expiry. */
  adopt(ws: WebSocket, session: ActiveSession): void {
    const ms = Math.max(0, session.expiresAt.getTime() - Date.now());
    const timer = setTimeout(
      () => {
        ws.close(CloseCode.Unauthenticated, 'session expired');
      },
      Math.min(ms, 2 ** 31 - 1),
    );
    timer.unref();
    const tracked: Tracked = { ws, sessionId: session.sessionId, userId: session.user.id, timer };
    this.sockets.add(tracked);
    ws.once('close', () => {
      clearTimeout(timer);
      this.sockets.delete(tracked);
    });
  }

  /**
   * Closes (4401) every socket whose session is not in what `activeAmong` answers for the
   * tracked session ids: the re-check after the bus lost `sessions.ended` events.
   */
  async endInactive(activeAmong: (sessionIds: readonly string[]) => Promise<ReadonlySet<string>>): Promise<number> {
    const ids = [...new Set([...this.sockets].map((t) => t.sessionId))];
    if (ids.length === 0) return 0;
    const active = await activeAmong(ids);
    let n = 0;
    for (const t of [...this.sockets]) {
      if (active.has(t.sessionId)) continue;
      t.ws.close(CloseCode.Unauthenticated, 'session ended');
      n++;
    }
    return n;
  }

  /** Closes the user's sockets of the given sessions (all of the user's when `sessionIds` is null). */
  end(userId: string, sessionIds: readonly string[] | null): number {
    let n = 0;
    for (const t of [...this.sockets]) {
      if (t.userId !== userId || (sessionIds && !sessionIds.includes(t.sessionId))) continue;
      t.ws.close(CloseCode.Unauthenticated, 'session ended');
      n++;
    }
    return n;
  }
}
