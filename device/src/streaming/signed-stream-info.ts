import type { StreamInfoRecord } from '@seccam/schema';

// [Note: signed stream info] (schema/src/media/media-payload.ts) says why a viewer shows the
// driver's signed title and start rather than the server's. This module is the one rule for
// comparing the two, used by every page and tool that shows a stream.

/** How far the server's start may be from the signed one before a viewer is warned (clock and set-up time). */
export const START_TOLERANCE_MS = 60_000;

/** A field where the server's copy differs from what the driver signed. */
export interface StreamInfoMismatch {
  readonly field: 'title' | 'start';
  /** What the server says (an ISO time for `start`; null when it has none). */
  readonly server: string | null;
  /** What the driver signed (an ISO time for `start`). */
  readonly signed: string;
}

/** What the server lists about a stream (its `Stream` fields). */
export interface ServerStreamFacts {
  readonly title: string;
  /** ISO time of the first frame as the server recorded it, null before one. */
  readonly startedAt: string | null;
}

/**
 * The fields where the server's copy of a stream differs from the driver's signed info: a
 * changed title, or a start more than {@link START_TOLERANCE_MS} away. Empty when they agree.
 * Show the signed values as the facts either way; a mismatch means the server's tables were
 * changed (or a buggy client): say so.
 */
export function streamInfoMismatches(server: ServerStreamFacts, signed: StreamInfoRecord): readonly StreamInfoMismatch[] {
  const mismatches: StreamInfoMismatch[] = [];
  if (server.title !== signed.title) mismatches.push({ field: 'title', server: server.title, signed: signed.title });
  const serverStart = server.startedAt === null ? Number.NaN : Date.parse(server.startedAt);
  if (server.startedAt !== null && !(Math.abs(serverStart - signed.startedAtMs) <= START_TOLERANCE_MS)) {
    mismatches.push({ field: 'start', server: server.startedAt, signed: new Date(signed.startedAtMs).toISOString() });
  }
  return mismatches;
}
