// [Note: truncated WebM]
// mediabunny reads what it can: a WebM cut in half (a dashcam losing power, a partial
// download) demuxes into the packets before the cut without any error, and a file cut inside
// its headers yields no tracks at all. Streaming or exporting such a file would silently drop
// the end of a recording, so the reader checks the EBML framing first: every element must end
// inside the file. Files written in one go (ffmpeg, mediabunny) declare the Segment size, so one
// comparison settles it. Live recordings (MediaRecorder, append-only muxers) leave the Segment
// and Clusters unsized; then the Segment's children, and each unsized Cluster's children, are
// walked up to the end of the file. This is a framing check only, not a second demuxer.
// Element layout: Matroska/EBML, RFC 8794 (variable-size integers §4, unknown sizes §6.2).

const EBML_HEADER_ID = 0x1a45dfa3;
const SEGMENT_ID = 0x18538067;
const CLUSTER_ID = 0x1f43b675;
/** Elements that may appear inside a Cluster (Timestamp, SimpleBlock, BlockGroup, Position, PrevSize, Void, CRC-32, EncryptedBlock, SilentTracks). */
const CLUSTER_CHILD_IDS = new Set([0xe7, 0xa3, 0xa0, 0xa7, 0xab, 0xec, 0xbf, 0xaf, 0x5854]);

/** What the framing check found. `unknown`: the layout is not one this check understands (mediabunny decides). */
export type WebmFraming =
  { readonly kind: 'complete' } | { readonly kind: 'unknown' } | { readonly kind: 'truncated'; readonly message: string };

interface ElementHead {
  readonly id: number;
  /** Data size in bytes, or null for an unknown size. */
  readonly size: number | null;
  readonly dataStart: number;
}

type HeadResult = ElementHead | 'end' | 'invalid';

const COMPLETE: WebmFraming = { kind: 'complete' };
const UNKNOWN: WebmFraming = { kind: 'unknown' };
const truncated = (message: string): WebmFraming => ({ kind: 'truncated', message });

/** Checks that a WebM/Matroska file is not cut short (see [Note: truncated WebM]). */
export function checkWebmFraming(bytes: Uint8Array): WebmFraming {
  const header = readHead(bytes, 0);
  if (header === 'end') return truncated('the file ends inside the EBML header');
  if (header === 'invalid' || header.id !== EBML_HEADER_ID || header.size === null) return UNKNOWN;
  const segmentStart = header.dataStart + header.size;
  if (segmentStart > bytes.byteLength) return truncated('the file ends inside the EBML header');
  const segment = readHead(bytes, segmentStart);
  if (segment === 'end') return truncated('the file ends before the Segment');
  if (segment === 'invalid' || segment.id !== SEGMENT_ID) return UNKNOWN;
  if (segment.size === null) return walkSegment(bytes, segment.dataStart);
  const end = segment.dataStart + segment.size;
  return end > bytes.byteLength ? truncated(`the Segment declares ${end} bytes, the file has ${bytes.byteLength}`) : COMPLETE;
}

function walkSegment(bytes: Uint8Array, start: number): WebmFraming {
  let position = start;
  while (position < bytes.byteLength) {
    const head = readHead(bytes, position);
    if (head === 'end') return truncated(`the file ends inside an element header at byte ${position}`);
    if (head === 'invalid') return UNKNOWN;
    if (head.size === null) {
      if (head.id !== CLUSTER_ID) return UNKNOWN;
      const clusterEnd = walkCluster(bytes, head.dataStart);
      if (typeof clusterEnd !== 'number') return clusterEnd;
      position = clusterEnd;
    } else {
      const end = head.dataStart + head.size;
      if (end > bytes.byteLength) return truncated(`element 0x${head.id.toString(16)} at byte ${position} ends past the end of the file`);
      position = end;
    }
  }
  return COMPLETE;
}

/** Walks an unsized Cluster; answers where it ends (the next non-cluster element) or a verdict. */
function walkCluster(bytes: Uint8Array, start: number): number | WebmFraming {
  let position = start;
  while (position < bytes.byteLength) {
    const head = readHead(bytes, position);
    if (head === 'end') return truncated(`the file ends inside a Cluster element header at byte ${position}`);
    if (head === 'invalid') return UNKNOWN;
    if (!CLUSTER_CHILD_IDS.has(head.id)) return position;
    if (head.size === null) return UNKNOWN;
    const end = head.dataStart + head.size;
    if (end > bytes.byteLength) return truncated(`a Cluster block at byte ${position} ends past the end of the file`);
    position = end;
  }
  return position;
}

function readHead(bytes: Uint8Array, offset: number): HeadResult {
  const id = readVint(bytes, offset, 4, true);
  if (typeof id === 'string') return id;
  const size = readVint(bytes, offset + id.length, 8, false);
  if (typeof size === 'string') return size;
  return { id: id.value ?? 0, size: size.value, dataStart: offset + id.length + size.length };
}

/**
 * Reads an EBML variable-size integer. `keepMarker` reads an element ID (marker bit kept);
 * otherwise a size, where all value bits set means "unknown" (null).
 */
function readVint(
  bytes: Uint8Array,
  offset: number,
  maxLength: number,
  keepMarker: boolean,
): { readonly value: number | null; readonly length: number } | 'end' | 'invalid' {
  const first = bytes[offset];
  if (first === undefined) return 'end';
  const length = Math.clz32(first) - 23; // leading zeros within the byte, plus one
  if (length > maxLength) return 'invalid';
  if (offset + length > bytes.byteLength) return 'end';
  const marker = 0x80 >> (length - 1);
  let value = keepMarker ? first : first & (marker - 1);
  let allOnes = (first & (marker - 1)) === marker - 1;
  for (let i = 1; i < length; i++) {
    const byte = bytes[offset + i] ?? 0;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value: !keepMarker && allOnes ? null : value, length };
}
