import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../binary/hex.ts';
import { FrameError, type FrameErrorCode } from './frame-error.ts';
import { FRAME_HEADER_BYTES, FrameFlags, decodeFrameHeader, encodeFrameHeader, type FrameHeader } from './frame-header.ts';
import { MAX_FRAME_BYTES, decodeFrame, encodeFrame } from './frame.ts';

// Golden header, written field by field from docs/PROTOCOL.md §2 (not produced by the encoder).
const GOLDEN_HEADER_HEX = [
  '53434331', //                                    magic "SCC1"                  offset 0
  '01', //                                          version 1                     offset 4
  '03', //                                          flags INIT|KEYFRAME           offset 5
  '00112233445566778899aabbccddeeff', //            streamId                      offset 6
  '00000002', //                                    epoch 2                       offset 22
  '0000000000000005', //                            seq 5                         offset 26
  '0000018bcfe56800', //                            captureTs 1_700_000_000_000   offset 34
  '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', // prevHash   offset 42
  '00000020', //                                    ciphertext length 32          offset 74
].join('');

const GOLDEN_HEADER: FrameHeader = {
  flags: FrameFlags.INIT | FrameFlags.KEYFRAME,
  streamId: '00112233-4455-6677-8899-aabbccddeeff',
  epoch: 2,
  seq: 5,
  captureTs: 1_700_000_000_000,
  prevHash: Uint8Array.from({ length: 32 }, (_, i) => i),
  ciphertextLength: 32,
};

const CIPHERTEXT = new Uint8Array(32).fill(0xcc);
const SIGNATURE = new Uint8Array(64).fill(0x55);

function goldenFrame(): Uint8Array {
  return hexToBytes(GOLDEN_HEADER_HEX + 'cc'.repeat(32) + '55'.repeat(64));
}

function expectFrameError(action: () => unknown, code: FrameErrorCode): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).code).toBe(code);
    return;
  }
  expect.fail(`expected FrameError ${code}`);
}

/** The golden frame with some header bytes replaced. */
function patched(offset: number, hex: string): Uint8Array {
  const bytes = goldenFrame();
  bytes.set(hexToBytes(hex), offset);
  return bytes;
}

describe('frame header', () => {
  it('encodes the golden vector byte for byte', () => {
    expect(GOLDEN_HEADER_HEX.length).toBe(FRAME_HEADER_BYTES * 2);
    expect(bytesToHex(encodeFrameHeader(GOLDEN_HEADER))).toBe(GOLDEN_HEADER_HEX);
  });

  it('decodes the golden vector', () => {
    expect(decodeFrameHeader(hexToBytes(GOLDEN_HEADER_HEX))).toEqual(GOLDEN_HEADER);
  });

  it('round-trips extreme values', () => {
    const header: FrameHeader = {
      flags: FrameFlags.INIT | FrameFlags.KEYFRAME | FrameFlags.END,
      streamId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
      epoch: 0xffff_ffff,
      seq: Number.MAX_SAFE_INTEGER,
      captureTs: Number.MAX_SAFE_INTEGER,
      prevHash: new Uint8Array(32).fill(0xff),
      ciphertextLength: 0xffff_ffff,
    };
    expect(decodeFrameHeader(encodeFrameHeader(header))).toEqual(header);
    const zero = {
      ...header,
      flags: 0,
      streamId: '00000000-0000-0000-0000-000000000000',
      epoch: 0,
      seq: 0,
      captureTs: 0,
      prevHash: new Uint8Array(32),
      ciphertextLength: 16,
    };
    expect(decodeFrameHeader(encodeFrameHeader(zero))).toEqual(zero);
  });

  it('refuses to encode out-of-range fields', () => {
    const cases: [Partial<FrameHeader>, FrameErrorCode][] = [
      [{ flags: 8 }, 'BAD_FLAGS'],
      [{ flags: 256 }, 'BAD_FLAGS'],
      [{ flags: 1.5 }, 'BAD_FLAGS'],
      [{ streamId: '00112233-4455-6677-8899-AABBCCDDEEFF' }, 'BAD_FIELD'],
      [{ streamId: '00112233445566778899aabbccddeeff' }, 'BAD_FIELD'],
      [{ epoch: -1 }, 'BAD_FIELD'],
      [{ epoch: 2 ** 32 }, 'BAD_FIELD'],
      [{ seq: 2 ** 53 }, 'BAD_FIELD'],
      [{ seq: 1.5 }, 'BAD_FIELD'],
      [{ captureTs: -1 }, 'BAD_FIELD'],
      [{ prevHash: new Uint8Array(31) }, 'BAD_LENGTH'],
      [{ ciphertextLength: 15 }, 'BAD_LENGTH'],
      [{ ciphertextLength: 2 ** 32 }, 'BAD_FIELD'],
    ];
    for (const [change, code] of cases) expectFrameError(() => encodeFrameHeader({ ...GOLDEN_HEADER, ...change }), code);
  });

  it('refuses a header followed by more bytes', () => {
    expectFrameError(() => decodeFrameHeader(hexToBytes(GOLDEN_HEADER_HEX + '00')), 'TRAILING_BYTES');
  });
});

describe('decodeFrame', () => {
  it('splits the golden frame into views of the input', () => {
    const bytes = goldenFrame();
    const frame = decodeFrame(bytes);
    expect(frame.header).toEqual(GOLDEN_HEADER);
    expect(bytesToHex(frame.headerBytes)).toBe(GOLDEN_HEADER_HEX);
    expect(frame.ciphertext).toEqual(CIPHERTEXT);
    expect(frame.signature).toEqual(SIGNATURE);
    expect(frame.frameBytes).toBe(bytes);
    for (const part of [frame.headerBytes, frame.ciphertext, frame.signature]) expect(part.buffer).toBe(bytes.buffer);
    expect(frame.ciphertext.byteOffset).toBe(78);
    expect(frame.signature.byteOffset).toBe(110);
  });

  it('round-trips through encodeFrame', () => {
    const bytes = encodeFrame(encodeFrameHeader(GOLDEN_HEADER), CIPHERTEXT, SIGNATURE);
    expect(bytes).toEqual(goldenFrame());
    const frame = decodeFrame(bytes);
    expect(encodeFrame(frame.headerBytes, frame.ciphertext, frame.signature)).toEqual(bytes);
  });

  it('decodes a frame inside a larger buffer (non-zero byteOffset)', () => {
    const outer = new Uint8Array(7 + goldenFrame().byteLength + 5);
    outer.set(goldenFrame(), 7);
    const frame = decodeFrame(outer.subarray(7, outer.byteLength - 5));
    expect(frame.header).toEqual(GOLDEN_HEADER);
  });

  it('reports TRUNCATED for every proper prefix of a valid frame', () => {
    const bytes = goldenFrame();
    for (let length = 0; length < bytes.byteLength; length++) {
      expectFrameError(() => decodeFrame(bytes.subarray(0, length)), 'TRUNCATED');
    }
  });

  it('reports TRAILING_BYTES for bytes after the signature', () => {
    const bytes = goldenFrame();
    const longer = new Uint8Array(bytes.byteLength + 1);
    longer.set(bytes);
    expectFrameError(() => decodeFrame(longer), 'TRAILING_BYTES');
  });

  it('refuses oversized input before parsing it', () => {
    expectFrameError(() => decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1)), 'TOO_LARGE');
    expectFrameError(() => decodeFrame(goldenFrame(), { maxFrameBytes: 173 }), 'TOO_LARGE');
    expect(decodeFrame(goldenFrame(), { maxFrameBytes: 174 }).header.seq).toBe(5);
  });

  it('accepts a frame of exactly MAX_FRAME_BYTES', () => {
    const ciphertextLength = MAX_FRAME_BYTES - FRAME_HEADER_BYTES - 64;
    const bytes = encodeFrame(encodeFrameHeader({ ...GOLDEN_HEADER, ciphertextLength }), new Uint8Array(ciphertextLength), SIGNATURE);
    expect(bytes.byteLength).toBe(MAX_FRAME_BYTES);
    expect(decodeFrame(bytes).ciphertext.byteLength).toBe(ciphertextLength);
  });

  it('refuses a declared ciphertext length beyond the limit even when the bytes are short', () => {
    expectFrameError(() => decodeFrame(patched(74, 'ffffffff')), 'TOO_LARGE');
    expectFrameError(() => decodeFrame(patched(74, '00000040'), { maxFrameBytes: 200 }), 'TOO_LARGE');
  });

  it('reports a declared length longer than the bytes as TRUNCATED and shorter as TRAILING_BYTES', () => {
    expectFrameError(() => decodeFrame(patched(74, '00000021')), 'TRUNCATED');
    expectFrameError(() => decodeFrame(patched(74, '0000001f')), 'TRAILING_BYTES');
  });

  it('refuses a ciphertext shorter than the GCM tag', () => {
    expectFrameError(() => decodeFrame(patched(74, '0000000f')), 'BAD_LENGTH');
    expectFrameError(() => decodeFrame(patched(74, '00000000')), 'BAD_LENGTH');
    // exactly the tag (an empty payload) is fine
    const minimal = hexToBytes(GOLDEN_HEADER_HEX.slice(0, 148) + '00000010' + '00'.repeat(16) + '55'.repeat(64));
    expect(decodeFrame(minimal).ciphertext.byteLength).toBe(16);
  });

  it('refuses bad magic, including a short garbage prefix', () => {
    expectFrameError(() => decodeFrame(patched(0, '53434332')), 'BAD_MAGIC');
    expectFrameError(() => decodeFrame(patched(0, '73')), 'BAD_MAGIC');
    expectFrameError(() => decodeFrame(hexToBytes('5358')), 'BAD_MAGIC');
    expectFrameError(() => decodeFrame(new TextEncoder().encode('{"type":"ack","seq":1}')), 'BAD_MAGIC');
  });

  it('refuses other versions', () => {
    expectFrameError(() => decodeFrame(patched(4, '00')), 'BAD_VERSION');
    expectFrameError(() => decodeFrame(patched(4, '02')), 'BAD_VERSION');
    expectFrameError(() => decodeFrame(patched(4, 'ff')), 'BAD_VERSION');
  });

  it('refuses reserved flag bits', () => {
    for (const flags of ['08', '10', '80', 'ff', '0f']) expectFrameError(() => decodeFrame(patched(5, flags)), 'BAD_FLAGS');
    for (const flags of ['00', '01', '02', '04', '07'])
      expect(decodeFrame(patched(5, flags)).header.flags).toBe(Number.parseInt(flags, 16));
  });

  it('refuses seq and captureTs beyond 2^53 - 1', () => {
    expectFrameError(() => decodeFrame(patched(26, '0020000000000000')), 'BAD_FIELD');
    expectFrameError(() => decodeFrame(patched(26, 'ffffffffffffffff')), 'BAD_FIELD');
    expectFrameError(() => decodeFrame(patched(34, '0020000000000000')), 'BAD_FIELD');
    expect(decodeFrame(patched(26, '001fffffffffffff')).header.seq).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reports the first problem in wire order', () => {
    const bytes = patched(4, '02');
    bytes.set([0xff], 5);
    expectFrameError(() => decodeFrame(bytes), 'BAD_VERSION');
  });
});

describe('encodeFrame', () => {
  const headerBytes = encodeFrameHeader(GOLDEN_HEADER);

  it('refuses parts that disagree with the header', () => {
    expectFrameError(() => encodeFrame(headerBytes, new Uint8Array(31), SIGNATURE), 'BAD_LENGTH');
    expectFrameError(() => encodeFrame(headerBytes, CIPHERTEXT, new Uint8Array(63)), 'BAD_LENGTH');
    expectFrameError(() => encodeFrame(headerBytes.subarray(0, 77), CIPHERTEXT, SIGNATURE), 'TRUNCATED');
    expectFrameError(() => encodeFrame(hexToBytes('00' + GOLDEN_HEADER_HEX.slice(2)), CIPHERTEXT, SIGNATURE), 'BAD_MAGIC');
  });

  it('refuses frames over the limit', () => {
    expectFrameError(() => encodeFrame(headerBytes, CIPHERTEXT, SIGNATURE, { maxFrameBytes: 100 }), 'TOO_LARGE');
  });
});
