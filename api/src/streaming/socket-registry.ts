/**
 * The WebSockets this instance holds, indexed for the moments someone must act on them:
 * a new ingest connection supersedes the old one for the same stream, a revoked grant closes a
 * dispatcher's watch sockets and asks the driver's recorders to rotate their epoch.
 */
import type WebSocket from 'ws';

export interface IngestEntry {
  readonly ws: WebSocket;
  readonly streamId: string;
  readonly ownerId: string;
  /** Sends a `rekey` control message. */
  rekey(): void;
  /** Closes with a code after an optional error message. */
  close(code: number, reason: string): void;
}

export interface WatchEntry {
  readonly ws: WebSocket;
  readonly streamId: string;
  readonly ownerId: string;
  readonly viewerId: string;
  /** Sends `revoked` and closes with 4499. */
  revoke(): void;
  /** Sends an `epoch` message: a key for this epoch was published for the viewer. */
  epoch(epoch: number): void;
  /** Closes with a code after an optional error message. */
  close(code: number, reason: string): void;
}

export class SocketRegistry {
  private readonly ingest = new Map<string, IngestEntry>();
  private readonly watch = new Set<WatchEntry>();
  /** Per stream, the time named by the last accepted ingest takeover (ms): a newer one must name a later time. */
  private readonly takeovers = new Map<string, number>();
  private readonly ingestListeners = new Set<(entry: IngestEntry) => void>();

  /** Registers an ingest socket; returns the one it replaces, if any. */
  addIngest(entry: IngestEntry): IngestEntry | undefined {
    const previous = this.ingest.get(entry.streamId);
    this.ingest.set(entry.streamId, entry);
    for (const listener of this.ingestListeners) listener(entry);
    return previous;
  }

  /** Calls `listener` for every ingest socket registered from now on; returns the unsubscribe. */
  onIngestAdded(listener: (entry: IngestEntry) => void): () => void {
    this.ingestListeners.add(listener);
    return () => this.ingestListeners.delete(listener);
  }

  /** The live ingest socket of a stream on this instance, if any. */
  currentIngest(streamId: string): IngestEntry | undefined {
    return this.ingest.get(streamId);
  }

  /**
   * Records a takeover statement's time for `streamId`; false (a replay) when it is not later
   * than the last one accepted. Kept per instance, for the statement's freshness window.
   */
  acceptTakeover(streamId: string, atMs: number): boolean {
    if (atMs <= (this.takeovers.get(streamId) ?? -Infinity)) return false;
    this.takeovers.set(streamId, atMs);
    return true;
  }

  removeIngest(entry: IngestEntry): void {
    if (this.ingest.get(entry.streamId) === entry) this.ingest.delete(entry.streamId);
  }

  isCurrentIngest(entry: IngestEntry): boolean {
    return this.ingest.get(entry.streamId) === entry;
  }

  ingestCountFor(ownerId: string): number {
    let n = 0;
    for (const e of this.ingest.values()) if (e.ownerId === ownerId) n++;
    return n;
  }

  /** Every current ingest socket (one per stream). */
  ingestEntries(): IngestEntry[] {
    return [...this.ingest.values()];
  }

  /** Asks every live recorder of `ownerId` to start a new epoch. */
  rekeyOwner(ownerId: string): number {
    let n = 0;
    for (const e of this.ingest.values()) {
      if (e.ownerId === ownerId) {
        e.rekey();
        n++;
      }
    }
    return n;
  }

  addWatch(entry: WatchEntry): void {
    this.watch.add(entry);
  }

  removeWatch(entry: WatchEntry): void {
    this.watch.delete(entry);
  }

  /** The streams this instance's watch sockets follow. */
  watchedStreamIds(): string[] {
    return [...new Set([...this.watch].map((e) => e.streamId))];
  }

  watchCountFor(viewerId: string): number {
    let n = 0;
    for (const e of this.watch) if (e.viewerId === viewerId) n++;
    return n;
  }

  /** Closes `viewerId`'s sockets on streams of `ownerId` for which `stillAllowed` says no. */
  revokeViewer(ownerId: string, viewerId: string, stillAllowed: (streamId: string) => Promise<boolean>): Promise<number> {
    return this.revokeUnless((e) => e.ownerId !== ownerId || e.viewerId !== viewerId || stillAllowed(e.streamId));
  }

  /** Closes (4499) every watch socket for which `stillAllowed` says no; returns how many. */
  async revokeUnless(stillAllowed: (entry: WatchEntry) => boolean | Promise<boolean>): Promise<number> {
    let n = 0;
    for (const e of [...this.watch]) {
      if (await stillAllowed(e)) continue;
      e.revoke();
      this.watch.delete(e);
      n++;
    }
    return n;
  }

  /** Closes the ingest socket and every watch socket of `streamId` (the stream was deleted); returns how many. */
  closeStream(streamId: string, code: number, reason: string): number {
    let n = 0;
    const ingest = this.ingest.get(streamId);
    if (ingest) {
      this.ingest.delete(streamId);
      ingest.close(code, reason);
      n++;
    }
    for (const e of [...this.watch]) {
      if (e.streamId !== streamId) continue;
      this.watch.delete(e);
      e.close(code, reason);
      n++;
    }
    return n;
  }

  /** Tells `viewerId`'s sockets on `streamId` that a key for `epoch` is available. */
  notifyEpoch(streamId: string, viewerIds: readonly string[], epoch: number): void {
    for (const e of this.watch) if (e.streamId === streamId && viewerIds.includes(e.viewerId)) e.epoch(epoch);
  }
}
