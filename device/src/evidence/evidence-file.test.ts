import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeFrameHeader, type FrameHeader } from '@seccam/schema';
import { EvidenceError, type EvidenceErrorCode } from './evidence-error.ts';
import { appendExporterSignature, decodeEvidenceFile, encodeEvidenceBody } from './evidence-file.ts';
import { MAX_MANIFEST_BYTES, parseManifest, serializeManifest, type EvidenceManifest } from './evidence-manifest.ts';

// Byte-level tests of the container and manifest codecs: no cryptography, fake PEM bodies.
const PEM = (body: string): string => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
const STREAM_ID = '00112233-4455-6677-8899-aabbccddeeff';

const MANIFEST: EvidenceManifest = {
  streamId: STREAM_ID,
  exportedAt: '2025-01-02T03:04:05.678Z',
  exporter: { username: 'acme-dispatch', sigCertPem: PEM('AAAA') },
  driver: { username: 'alice', sigCertPem: PEM('AAEC') },
  chainPems: [PEM('AAED')],
  rootPem: PEM('AAEE'),
  frameCount: 2,
  keys: { kind: 'disclosed', epochs: [{ epoch: 0, secretB64: btoa('k'.repeat(32)) }] },
};

const HASH = btoa('h'.repeat(32));
const LOG_PROOF = {
  leafIndex: 3,
  leafHashB64: HASH,
  auditPathB64: [HASH, HASH],
  treeHead: {
    treeSize: 5,
    rootHashB64: HASH,
    timestamp: '2025-01-02T03:04:00.000Z',
    logIdHex: 'ab'.repeat(32),
    signatureB64: btoa('s'.repeat(64)),
    logPublicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
  },
};
const KNOWN = {
  holder: 'alice',
  at: '2025-01-02T03:04:05.000Z',
  certificateSha256Hex: ['01'.repeat(32), 'ff'.repeat(32)],
  signerCertPem: PEM('AAEC'),
  signatureB64: btoa('s'.repeat(64)),
};

function frame(seq: number, ciphertextLength = 16): Uint8Array {
  const header: FrameHeader = {
    flags: 0,
    streamId: STREAM_ID,
    epoch: 0,
    seq,
    captureTs: 1_700_000_000_000,
    prevHash: new Uint8Array(32),
    ciphertextLength,
  };
  return encodeFrame(encodeFrameHeader(header), new Uint8Array(ciphertextLength).fill(seq), new Uint8Array(64).fill(0xee));
}

const SIGNATURE = new Uint8Array(64).fill(0x5a);
const FILE = appendExporterSignature(encodeEvidenceBody(MANIFEST, [frame(0), frame(1, 40)]), SIGNATURE);
const MANIFEST_TEXT = serializeManifest(MANIFEST);
const utf8 = new TextEncoder();

function expectCode(action: () => unknown, code: EvidenceErrorCode): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as EvidenceError).code, (error as Error).message).toBe(code);
    return;
  }
  expect.fail(`expected EvidenceError ${code}`);
}

function withManifest(text: string, frameBytes: readonly Uint8Array[] = [frame(0), frame(1, 40)]): Uint8Array {
  const manifest = utf8.encode(text);
  const prefix = Uint8Array.of(0x53, 0x43, 0x45, 0x58, 2, 0, 0, 0, 0);
  new DataView(prefix.buffer).setUint32(5, manifest.byteLength);
  return Uint8Array.from([...prefix, ...manifest, ...frameBytes.flatMap((bytes) => [...bytes]), ...SIGNATURE]);
}

describe('evidence container', () => {
  it('lays out magic, version, manifest length, manifest, frames and signature', () => {
    expect([...FILE.subarray(0, 5)]).toEqual([0x53, 0x43, 0x45, 0x58, 2]);
    expect(new DataView(FILE.buffer).getUint32(5)).toBe(MANIFEST_TEXT.length);
    const file = decodeEvidenceFile(FILE);
    expect(file.manifest).toEqual(MANIFEST);
    expect(file.frames.map((decoded) => decoded.header.seq)).toEqual([0, 1]);
    expect(file.frames[1]?.ciphertext.byteLength).toBe(40);
    expect(file.signedBytes.byteLength).toBe(FILE.byteLength - 64);
    expect(file.exporterSignature).toEqual(SIGNATURE);
  });

  it('refuses other magic and versions', () => {
    expectCode(() => decodeEvidenceFile(utf8.encode('SCC1 frames, not an export')), 'BAD_MAGIC');
    for (const version of [0, 3, 255]) {
      const other = FILE.slice();
      other[4] = version;
      expectCode(() => decodeEvidenceFile(other), 'BAD_VERSION');
    }
  });

  it('reads a version 1 file as version 1, and holds each version to its own manifest keys', () => {
    const v1 = appendExporterSignature(encodeEvidenceBody(MANIFEST, [frame(0), frame(1, 40)], 1), SIGNATURE);
    expect(v1[4]).toBe(1);
    expect(decodeEvidenceFile(v1)).toMatchObject({ version: 1, manifest: MANIFEST });
    expect(serializeManifest(MANIFEST, 1)).toBe(MANIFEST_TEXT.replace(',"driverCertLog":null,"knownCertificates":null}', '}'));
    // A version 2 manifest in a version 1 container, and the reverse, are not canonical.
    const relabelled = FILE.slice();
    relabelled[4] = 1;
    expectCode(() => decodeEvidenceFile(relabelled), 'BAD_MANIFEST');
    expectCode(() => parseManifest(utf8.encode(serializeManifest(MANIFEST, 1)), 2), 'BAD_MANIFEST');
  });

  it('reports every proper prefix as TRUNCATED, and extra bytes as TRAILING_BYTES', () => {
    for (let length = 0; length < FILE.byteLength; length++) expectCode(() => decodeEvidenceFile(FILE.subarray(0, length)), 'TRUNCATED');
    expectCode(() => decodeEvidenceFile(Uint8Array.from([...FILE, 0])), 'TRAILING_BYTES');
  });

  it('bounds the manifest and the frames before reading them', () => {
    const huge = FILE.slice();
    new DataView(huge.buffer).setUint32(5, MAX_MANIFEST_BYTES + 1);
    expectCode(() => decodeEvidenceFile(huge), 'TOO_LARGE');
    const bigFrame = frame(0);
    new DataView(bigFrame.buffer).setUint32(74, 0xffff_ff00);
    expectCode(() => decodeEvidenceFile(withManifest(MANIFEST_TEXT, [bigFrame, frame(1)])), 'TOO_LARGE');
  });

  it('refuses a frame that does not decode, naming its index', () => {
    const bad = frame(1);
    bad[5] = 0x80; // reserved flag bit
    expect(() => decodeEvidenceFile(withManifest(MANIFEST_TEXT, [frame(0), bad]))).toThrow(/BAD_FRAME: frame 1: BAD_FLAGS/);
  });
});

describe('evidence manifest', () => {
  it('round-trips a version 2 manifest with a log proof and a known-certificate list', () => {
    const full: EvidenceManifest = { ...MANIFEST, driverCertLog: LOG_PROOF, knownCertificates: KNOWN };
    const text = serializeManifest(full);
    expect(text.endsWith(`"driverCertLog":${JSON.stringify(LOG_PROOF)},"knownCertificates":${JSON.stringify(KNOWN)}}`)).toBe(true);
    expect(parseManifest(utf8.encode(text))).toEqual(full);
    expect(() => serializeManifest(full, 1)).toThrow(/version 1 manifest has no log proof/);
  });

  it('refuses log proofs and known-certificate lists that break their rules', () => {
    const head = LOG_PROOF.treeHead;
    const bad: Record<string, unknown>[] = [
      { driverCertLog: {} },
      { driverCertLog: { ...LOG_PROOF, leafIndex: -1 } },
      { driverCertLog: { ...LOG_PROOF, leafHashB64: btoa('short') } },
      { driverCertLog: { ...LOG_PROOF, auditPathB64: [HASH, 'not base64!'] } },
      { driverCertLog: { ...LOG_PROOF, auditPathB64: Array.from({ length: 54 }, () => HASH) } },
      { driverCertLog: { ...LOG_PROOF, treeHead: { ...head, treeSize: 0 } } },
      { driverCertLog: { ...LOG_PROOF, treeHead: { ...head, logIdHex: 'AB'.repeat(32) } } },
      { driverCertLog: { ...LOG_PROOF, treeHead: { ...head, timestamp: '2025-01-02T03:04:00Z' } } },
      { driverCertLog: { ...LOG_PROOF, treeHead: { ...head, signatureB64: btoa('s'.repeat(63)) } } },
      { knownCertificates: { ...KNOWN, holder: 'al ice' } },
      { knownCertificates: { ...KNOWN, certificateSha256Hex: [] } },
      { knownCertificates: { ...KNOWN, certificateSha256Hex: ['ff'.repeat(32), '01'.repeat(32)] } },
      { knownCertificates: { ...KNOWN, certificateSha256Hex: ['01'.repeat(32), '01'.repeat(32)] } },
      { knownCertificates: { ...KNOWN, signerCertPem: 'AAEC' } },
    ];
    for (const change of bad) {
      const text = JSON.stringify({ ...(JSON.parse(MANIFEST_TEXT) as object), ...change });
      expectCode(() => parseManifest(utf8.encode(text)), 'BAD_MANIFEST');
    }
    const withoutKeys = JSON.parse(MANIFEST_TEXT) as Record<string, unknown>;
    delete withoutKeys['knownCertificates'];
    expectCode(() => parseManifest(utf8.encode(JSON.stringify(withoutKeys))), 'BAD_MANIFEST');
  });

  it('accepts only the canonical text', () => {
    expect(parseManifest(utf8.encode(MANIFEST_TEXT))).toEqual(MANIFEST);
    const variants = [
      MANIFEST_TEXT.replace('{', '{ '), // whitespace
      MANIFEST_TEXT.replace('"frameCount":2', '"frameCount":2,"frameCount":2'), // duplicate key
      MANIFEST_TEXT.replace('"frameCount":2', '"frameCount":2,"extra":1'), // unknown key
      MANIFEST_TEXT.replace('"frameCount":2', '"frameCount":2.0'), // another spelling of a number
      MANIFEST_TEXT.replace('"alice"', '"\\u0061lice"'), // another spelling of a string
      '\ufeff' + MANIFEST_TEXT, // byte order mark
    ];
    for (const text of variants) expectCode(() => parseManifest(utf8.encode(text)), 'BAD_MANIFEST');
    const reordered = JSON.stringify({ exportedAt: MANIFEST.exportedAt, ...(JSON.parse(MANIFEST_TEXT) as object) }); // key order
    expectCode(() => parseManifest(utf8.encode(reordered)), 'BAD_MANIFEST');
    expectCode(() => parseManifest(Uint8Array.of(0x7b, 0xff, 0x7d)), 'BAD_MANIFEST'); // not UTF-8
  });

  it('refuses fields that break their rules', () => {
    const bad: Partial<Record<keyof EvidenceManifest, unknown>>[] = [
      { streamId: STREAM_ID.toUpperCase() },
      { exportedAt: '2025-01-02T03:04:05Z' },
      { exportedAt: '2025-02-30T03:04:05.678Z' },
      { exporter: { username: 'a|b', sigCertPem: PEM('AAAA') } },
      { driver: { username: 'alice', sigCertPem: 'AAEC' } },
      { chainPems: Array.from({ length: 5 }, () => PEM('AAED')) },
      { rootPem: PEM('not base64!') },
      { frameCount: 0 },
      { keys: { kind: 'disclosed', epochs: [] } },
      { keys: { kind: 'disclosed', epochs: [{ epoch: 0, secretB64: btoa('short') }] } },
      {
        keys: {
          kind: 'disclosed',
          epochs: [
            { epoch: 1, secretB64: btoa('k'.repeat(32)) },
            { epoch: 1, secretB64: btoa('k'.repeat(32)) },
          ],
        },
      },
      { keys: { kind: 'wrapped', recipient: 'ABCDEF', keySets: [] } },
      { keys: { kind: 'plain' } },
    ];
    for (const change of bad) {
      const text = JSON.stringify({ ...(JSON.parse(MANIFEST_TEXT) as object), ...change });
      expectCode(() => parseManifest(utf8.encode(text)), 'BAD_MANIFEST');
    }
  });
});
