import type { MediaPacket, TrackConfig } from '@seccam/schema';

/**
 * Merges per-track decode-order lists into one list ordered by timestamp. Only each track's
 * own order matters to a decoder, so the merge never reorders packets within a track. At equal
 * timestamps video goes first, then the lower track id.
 */
export function mergeByTimestamp(tracks: readonly TrackConfig[], perTrack: readonly (readonly MediaPacket[])[]): MediaPacket[] {
  const videoIds = new Set(tracks.filter((track) => track.kind === 'video').map((track) => track.trackId));
  const comesBefore = (a: MediaPacket, b: MediaPacket): boolean => {
    if (a.timestampUs !== b.timestampUs) return a.timestampUs < b.timestampUs;
    const aVideo = videoIds.has(a.trackId);
    if (aVideo !== videoIds.has(b.trackId)) return aVideo;
    return a.trackId < b.trackId;
  };
  const heads = perTrack.map(() => 0);
  const merged: MediaPacket[] = [];
  for (;;) {
    let best = -1;
    let bestPacket: MediaPacket | undefined;
    for (const [index, list] of perTrack.entries()) {
      const packet = list[heads[index] ?? 0];
      if (packet !== undefined && (bestPacket === undefined || comesBefore(packet, bestPacket))) {
        best = index;
        bestPacket = packet;
      }
    }
    if (bestPacket === undefined) return merged;
    merged.push(bestPacket);
    heads[best] = (heads[best] ?? 0) + 1;
  }
}
