import { readFile, stat } from 'node:fs/promises';
import { DEFAULT_MAX_MEDIA_FILE_BYTES, demuxMedia, type DemuxedMedia, type ReadMediaOptions } from '../media/demux-media.ts';
import { MediaFileError } from '../media/media-file-error.ts';

/**
 * Reads a WebM (or Matroska) file from disk, refusing it by its size before reading, and
 * demuxes it with {@link demuxMedia}. Bytes already in memory are demuxed as they are.
 * @throws MediaFileError as `demuxMedia`, and `TOO_LARGE` for a file above `maxBytes`
 */
export async function readMediaFile(file: string | Uint8Array, options: ReadMediaOptions = {}): Promise<DemuxedMedia> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_FILE_BYTES;
  return demuxMedia(typeof file === 'string' ? await readBounded(file, maxBytes) : file, options);
}

async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  const { size } = await stat(path);
  if (size > maxBytes) throw new MediaFileError('TOO_LARGE', `${path} has ${size} bytes, above the limit of ${maxBytes}`);
  return readFile(path);
}
