import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { FRAME_HEADER_BYTES, FrameError, MAX_FRAME_BYTES, decodeFrameHeader } from '@seccam/schema';
import type { FrameStore, StoredFrameInfo } from '../streaming/frame-store.ts';
import { StreamingError } from '../streaming/streaming-error.ts';

// [Note: the disk frame store]
// The offline buffer of one stream on disk, so a crash, a reboot or a dead zone longer than the
// session loses no sealed footage. Only sealed frames are written — header, ciphertext and
// signature exactly as sent — never a key: the files are as blind as the server's copy.
//
// Layout: `<dir>/<12-digit first seq>.seg` segment files, each a run of records
//   magic "SCF1" | u32 BE frame length | u32 BE CRC-32 of the frame | frame bytes
// and `<dir>/lock` (the pid of the process using it). A segment is closed for writing once it
// holds `segmentBytes`; it is deleted when every frame in it is acked.
//
// Durability (`fsync: 'every-frame'`, the default): `put` writes the record and fsyncs the
// segment (and the directory when it creates a segment) before it returns, and the ingest
// client sends a frame only after `put` returned, so every frame the server could have seen is
// on disk. A crash can tear only the last record; reopening detects it (short, bad magic, bad
// CRC, wrong seq or stream) and drops it with a warning — that frame was never sent. With
// `fsync: 'none'` the OS decides, and a crash may lose the newest frames (those the server
// acked are safe there; the others are lost with a warning about a shorter tail). Deleting
// acked segments is not synced: after a crash acked frames may come back and are resent, and
// the server acks a resend whose chain hash matches (docs/PROTOCOL.md §7).

const MAGIC = 0x53434631; // "SCF1"
const RECORD_HEADER_BYTES = 12;
const SEGMENT_SUFFIX = '.seg';
const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

export interface DiskFrameStoreOptions {
  /** The stream whose frames live here; records of another stream are refused on reopen. */
  readonly streamId: string;
  /** `every-frame` (default): fsync before `put` returns. `none`: leave it to the OS. */
  readonly fsync?: 'every-frame' | 'none';
  /** Start a new segment file past this size, default 64 MiB. */
  readonly segmentBytes?: number;
  /** Told about anything dropped or set aside while reopening. */
  readonly onWarning?: (message: string) => void;
}

interface Segment {
  readonly path: string;
  readonly fd: number;
  readonly firstSeq: number;
  lastSeq: number;
  bytes: number;
}

interface Location {
  readonly segment: Segment;
  readonly offset: number;
  readonly byteLength: number;
}

/** A {@link FrameStore} on disk ([Note: the disk frame store]); one directory per stream, one process at a time. */
export class DiskFrameStore implements FrameStore {
  readonly #dir: string;
  readonly #options: Required<Omit<DiskFrameStoreOptions, 'onWarning'>> & Pick<DiskFrameStoreOptions, 'onWarning'>;
  readonly #index = new Map<number, Location>();
  readonly #segments: Segment[] = [];
  readonly #restored: StoredFrameInfo[] = [];
  #closed = false;

  /**
   * Opens (or creates) the store in `dir`, takes its lock and reads back what an earlier process left.
   * @throws StreamingError `INVALID_ARGUMENT` when another live process holds the lock
   */
  constructor(dir: string, options: DiskFrameStoreOptions) {
    this.#dir = dir;
    this.#options = { fsync: 'every-frame', segmentBytes: DEFAULT_SEGMENT_BYTES, ...options };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    takeLock(join(dir, 'lock'));
    this.#restore();
  }

  get dir(): string {
    return this.#dir;
  }

  restored(): readonly StoredFrameInfo[] {
    return this.#restored;
  }

  put(seq: number, frameBytes: Uint8Array): void {
    if (this.#closed) throw new StreamingError('INVALID_ARGUMENT', 'the disk frame store is closed');
    const segment = this.#writableSegment(seq);
    const record = Buffer.alloc(RECORD_HEADER_BYTES + frameBytes.byteLength);
    record.writeUInt32BE(MAGIC, 0);
    record.writeUInt32BE(frameBytes.byteLength, 4);
    record.writeUInt32BE(crc32(frameBytes), 8);
    record.set(frameBytes, RECORD_HEADER_BYTES);
    writeAll(segment.fd, record, segment.bytes);
    if (this.#options.fsync === 'every-frame') fsyncSync(segment.fd);
    this.#index.set(seq, { segment, offset: segment.bytes + RECORD_HEADER_BYTES, byteLength: frameBytes.byteLength });
    segment.bytes += record.byteLength;
    segment.lastSeq = seq;
  }

  get(seq: number): Uint8Array | undefined {
    const at = this.#index.get(seq);
    if (at === undefined) return undefined;
    const bytes = new Uint8Array(at.byteLength);
    const read = readSync(at.segment.fd, bytes, 0, at.byteLength, at.offset);
    if (read !== at.byteLength) throw new StreamingError('INVALID_ARGUMENT', `the buffer file ${at.segment.path} was cut short under us`);
    return bytes;
  }

  /** Forgets `seq` (acked). Frames are deleted oldest first; a segment goes once its last frame is. */
  delete(seq: number): void {
    const at = this.#index.get(seq);
    if (at === undefined) return;
    this.#index.delete(seq);
    const { segment } = at;
    if (seq !== segment.lastSeq) return;
    closeSync(segment.fd);
    rmSync(segment.path, { force: true });
    this.#segments.splice(this.#segments.indexOf(segment), 1);
  }

  /** Closes the files and releases the lock; the frames stay for the next process. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const segment of this.#segments) closeSync(segment.fd);
    rmSync(join(this.#dir, 'lock'), { force: true });
  }

  #writableSegment(seq: number): Segment {
    const last = this.#segments.at(-1);
    if (last !== undefined && last.bytes < this.#options.segmentBytes) return last;
    const path = join(this.#dir, `${String(seq).padStart(12, '0')}${SEGMENT_SUFFIX}`);
    const segment: Segment = { path, fd: openSync(path, 'w+', 0o600), firstSeq: seq, lastSeq: seq - 1, bytes: 0 };
    if (this.#options.fsync === 'every-frame') fsyncDirectory(this.#dir);
    this.#segments.push(segment);
    return segment;
  }

  #restore(): void {
    const names = readdirSync(this.#dir)
      .filter((name) => name.endsWith(SEGMENT_SUFFIX))
      .sort();
    let expected: number | null = null;
    for (const [i, name] of names.entries()) {
      const path = join(this.#dir, name);
      if (expected !== null && Number(name.slice(0, -SEGMENT_SUFFIX.length)) !== expected) {
        this.#setAside(names.slice(i), `segment ${name} does not continue at seq ${expected}`);
        return;
      }
      const scan = this.#scanSegment(path, expected);
      if (scan.damage !== null) {
        const isLast = i === names.length - 1;
        this.#warn(
          `${isLast ? 'dropped a torn record at the end' : 'dropped a damaged record'} of ${path} at byte ${scan.goodBytes} (${scan.damage})` +
            (this.#options.fsync === 'every-frame' && isLast ? ': written during a crash, never sent' : ''),
        );
        truncateFile(path, scan.goodBytes);
        if (!isLast) {
          this.#setAside(names.slice(i + 1), `they follow the damaged record in ${name}`);
          return;
        }
      }
      if (scan.lastSeq !== null) expected = scan.lastSeq + 1;
    }
  }

  #scanSegment(path: string, after: number | null): { goodBytes: number; lastSeq: number | null; damage: string | null } {
    const bytes = readFileSync(path);
    const firstSeq = Number(path.slice(path.lastIndexOf('/') + 1, -SEGMENT_SUFFIX.length));
    let offset = 0;
    let expected = after ?? firstSeq;
    let damage: string | null = null;
    const found: { seq: number; offset: number; byteLength: number }[] = [];
    while (offset < bytes.byteLength) {
      damage = recordDamage(bytes, offset, expected, this.#options.streamId);
      if (damage !== null) break;
      const byteLength = bytes.readUInt32BE(offset + 4);
      found.push({ seq: expected, offset: offset + RECORD_HEADER_BYTES, byteLength });
      offset += RECORD_HEADER_BYTES + byteLength;
      expected += 1;
    }
    if (found.length === 0) {
      rmSync(path, { force: true });
      return { goodBytes: 0, lastSeq: null, damage };
    }
    const segment: Segment = { path, fd: openSync(path, 'r+'), firstSeq, lastSeq: expected - 1, bytes: offset };
    this.#segments.push(segment);
    for (const frame of found) {
      this.#index.set(frame.seq, { segment, offset: frame.offset, byteLength: frame.byteLength });
      this.#restored.push({ seq: frame.seq, byteLength: frame.byteLength });
    }
    return { goodBytes: offset, lastSeq: segment.lastSeq, damage };
  }

  /** Damaged footage is never deleted: segments that cannot be resent are renamed `.damaged` for a person to look at. */
  #setAside(names: readonly string[], why: string): void {
    for (const name of names) renameSync(join(this.#dir, name), join(this.#dir, `${name}.damaged`));
    this.#warn(`set aside ${names.length} buffer segment(s) in ${this.#dir} as *.damaged (${why}): they cannot be resent in order`);
  }

  #warn(message: string): void {
    this.#options.onWarning?.(message);
  }
}

/** Why the record at `offset` is unusable, or null if it is a whole frame of `streamId` at `seq`. */
function recordDamage(bytes: Buffer, offset: number, seq: number, streamId: string): string | null {
  if (bytes.byteLength - offset < RECORD_HEADER_BYTES) return 'short record header';
  if (bytes.readUInt32BE(offset) !== MAGIC) return 'bad magic';
  const length = bytes.readUInt32BE(offset + 4);
  if (length < FRAME_HEADER_BYTES || length > MAX_FRAME_BYTES) return `impossible frame length ${length}`;
  const start = offset + RECORD_HEADER_BYTES;
  if (bytes.byteLength - start < length) return 'short frame';
  const frame = bytes.subarray(start, start + length);
  if (crc32(frame) !== bytes.readUInt32BE(offset + 8)) return 'CRC mismatch';
  try {
    const header = decodeFrameHeader(frame.subarray(0, FRAME_HEADER_BYTES));
    if (header.streamId !== streamId) return `a frame of stream ${header.streamId}`;
    if (header.seq !== seq) return `seq ${header.seq} where ${seq} belongs`;
  } catch (error) {
    if (error instanceof FrameError) return `bad frame header: ${error.message}`;
    throw error;
  }
  return null;
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written, position + written);
}

function truncateFile(path: string, byteLength: number): void {
  if (byteLength === 0) {
    rmSync(path, { force: true });
    return;
  }
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, byteLength);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One process per buffer directory; a lock left by a dead process (SIGKILL, power loss) is taken over. */
function takeLock(path: string): void {
  let holder: number | null = null;
  try {
    holder = Number(readFileSync(path, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (holder !== null && holder !== process.pid && isAlive(holder)) {
    throw new StreamingError('INVALID_ARGUMENT', `the buffer ${path.slice(0, -'/lock'.length)} is in use by process ${holder}`);
  }
  writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The byte size of the frames a buffer directory holds, for listings (0 when absent). */
export function bufferDirBytes(dir: string): number {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(SEGMENT_SUFFIX))
      .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
