// Test support only (imported by *.test.ts): the committed fixture and shared assertions.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { MediaPacket } from '@seccam/schema';
import { MediaFileError, type MediaFileErrorCode } from './media-file-error.ts';

/** 4 s of ffmpeg testsrc, VP8 320×240 @ 20 fps with a keyframe every second, plus Opus 48 kHz mono (device/fixtures/README.md). */
export const FIXTURE_PATH = fileURLToPath(new URL('../../fixtures/test-drive.webm', import.meta.url));

export async function expectMediaFileError(action: () => Promise<unknown>, code: MediaFileErrorCode): Promise<void> {
  const error: unknown = await action().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected MediaFileError ${code}`).toBeInstanceOf(MediaFileError);
  expect((error as MediaFileError).code).toBe(code);
}

/** A packet as plain comparable data (hex bytes), for readable diffs. */
export function packetSummary(packet: MediaPacket): {
  trackId: number;
  key: boolean;
  timestampUs: number;
  durationUs: number;
  data: string;
} {
  return {
    trackId: packet.trackId,
    key: packet.key,
    timestampUs: packet.timestampUs,
    durationUs: packet.durationUs,
    data: Buffer.from(packet.data).toString('hex'),
  };
}
