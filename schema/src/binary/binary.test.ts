import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, isBase64 } from './base64.ts';
import { bytesEqual } from './byte-writer.ts';
import { bytesToHex, hexToBytes } from './hex.ts';
import { isUuid, uuidFromBytes, uuidToBytes } from './uuid.ts';

describe('base64', () => {
  it('round-trips every length around the padding boundaries', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37) & 0xff);
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    }
    expect(bytesToBase64(new Uint8Array(100_000)).length).toBe(133_336);
  });

  it('accepts only canonical padded standard base64', () => {
    expect(isBase64('AQID')).toBe(true);
    for (const text of ['AQI', 'AQI=A', ' AQID', 'AQID\n', 'AQ-_', 'AQ==AQ==', 'AR==', 'AQJ=', '====', 'A===']) {
      expect(isBase64(text)).toBe(false);
      expect(() => base64ToBytes(text)).toThrow(TypeError);
    }
  });
});

describe('hex and uuid', () => {
  it('round-trip', () => {
    expect(bytesToHex(hexToBytes('00ff10Ab'))).toBe('00ff10ab');
    expect(() => hexToBytes('abc')).toThrow(TypeError);
    expect(() => hexToBytes('zz')).toThrow(TypeError);
    const uuid = '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f';
    expect(uuidFromBytes(uuidToBytes(uuid))).toBe(uuid);
    expect(isUuid(uuid.toUpperCase())).toBe(false);
    expect(() => uuidToBytes(`{${uuid}}`)).toThrow(TypeError);
    expect(() => uuidFromBytes(new Uint8Array(15))).toThrow(TypeError);
  });

  it('compares bytes', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });
});
