import { bytesToBase64, bytesToHex } from '@seccam/schema';
import { byteMutationsOf, joined } from '@seccam/schema/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, ALICE } from './fixtures.test-support.ts';
import { createIdentityCsrs } from './identity-csr.ts';
import { generateIdentityKeys } from './identity-keys.ts';
import { decodePem, encodePem } from './pem.ts';
import { isPkiError } from './pki-error.ts';
import { MAX_CSR_PEM_LENGTH, verifyCsr, type CsrCheck, type CsrExpectation, type CsrRejection, type ParsedCsr } from './verify-csr.ts';

// Property tests for the CSR intake (verifyCsr), the first thing the CA runs on text a
// registering client sent. With a valid expectation it must answer as data, whatever the
// text: `{ ok: false, reason }` with a documented reason, or `{ ok: true }` only for the key
// and subject that were signed ([Note: unsigned CSR parts]). A throw (of any type) fails.

const REJECTIONS: readonly CsrRejection[] = ['malformed', 'too-large', 'wrong-key-type', 'bad-signature', 'wrong-subject'];
const LABEL = 'CERTIFICATE REQUEST';

interface Sample {
  readonly name: string;
  readonly der: Uint8Array;
  readonly pem: string;
  readonly expected: CsrExpectation;
  /** What verifyCsr hands the CA for the unmodified CSR. */
  readonly csr: ParsedCsr;
  readonly [fc.toStringMethod]: () => string;
}

let samples: readonly Sample[] = [];

beforeAll(async () => {
  const keys = await generateIdentityKeys();
  const [alice, acme] = await Promise.all([createIdentityCsrs(ALICE, keys), createIdentityCsrs(ACME, keys)]);
  const sample = async (name: string, pem: string, expected: CsrExpectation): Promise<Sample> => {
    const check = await verifyCsr(pem, expected);
    if (!check.ok) throw new Error(`the ${name} CSR was refused: ${check.reason}`);
    const toString = (): string => `<${name} CSR>`; // keeps counterexamples readable
    return { name, der: decodePem(pem, LABEL), pem, expected, csr: check.csr, [fc.toStringMethod]: toString };
  };
  samples = await Promise.all([
    sample('driver sig', alice.sigCsrPem, { ...ALICE, kind: 'sig' }),
    sample('driver enc', alice.encCsrPem, { ...ALICE, kind: 'enc' }),
    sample('dispatcher sig', acme.sigCsrPem, { ...ACME, kind: 'sig' }),
  ]);
});

/** Lazily picks one of the CSRs made in beforeAll (arbitraries are built before it runs). */
const anySample: fc.Arbitrary<Sample> = fc.nat({ max: 2 }).map((index) => samples[index] as Sample);

/** One hostile change to DER: the shared byte mutations, plus ASN.1 length bytes and tags. */
function derMutationOf(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const index = fc.nat({ max: bytes.byteLength - 1 });
  return fc.oneof(
    ...byteMutationsOf(bytes),
    // An ASN.1 length byte (or a tag) replaced by a value a parser must survive.
    fc.tuple(index, fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x89, 0xff)).map(([at, value]) => {
      const out = bytes.slice();
      out[at] = value;
      return out;
    }),
  );
}

/** One hostile change to PEM text: characters deleted, inserted or replaced. */
function pemMutationOf(text: string): fc.Arbitrary<string> {
  const pemChar = fc.oneof(
    fc.constantFrom(...'-=+/ABCDEFGHIJKLMNOPQRSTUVWXYZabcz0129\n\r\t '.split('')),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  const edit = fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 3 }), fc.array(pemChar, { maxLength: 3 }));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let out = text;
    for (const [at, removed, inserted] of edits) out = out.slice(0, at) + inserted.join('') + out.slice(at + removed);
    return out;
  });
}

/** Random DER trees: tags a CSR parser meets, nested a few levels, with correct lengths. */
const derTree: fc.Arbitrary<Uint8Array> = fc.letrec<{ node: Uint8Array }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4 },
    fc
      .tuple(fc.constantFrom(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x1e, 0x80), fc.uint8Array({ maxLength: 24 }))
      .map(([tag, content]) => tlv(tag, content)),
    fc
      .tuple(fc.constantFrom(0x30, 0x31, 0xa0, 0xa3), fc.array(tie('node'), { maxLength: 4 }))
      .map(([tag, children]) => tlv(tag, joined(...children))),
  ),
})).node;

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.byteLength;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return joined(Uint8Array.of(tag, ...length), content);
}

// [Note: unsigned CSR parts]
// The signatureAlgorithm and the signature value of a CSR sit outside what the signature
// covers, and @peculiar/x509 reads them leniently: for RSA-PSS it takes the hash and salt
// length and ignores maskGenAlgorithm (an enc CSR whose MGF1 OID is overwritten still
// verifies), and it decodes the ECDSA-Sig-Value inside the BIT STRING as BER (a wrong inner
// SEQUENCE length still verifies). Such a CSR still proves possession of its key, and the CA
// takes nothing from it but the subject and the key, so the property asserts exactly that:
// an accepted mutation hands the CA the key and subject of the CSR that was signed.

/** Answered as data: a documented refusal, or an acceptance naming the signed key and subject. */
function expectRefusedUnlessSameIdentity(check: CsrCheck, sample: Sample): void {
  if (!check.ok) {
    expect(REJECTIONS).toContain(check.reason);
    return;
  }
  expect(bytesToHex(check.csr.spkiDer)).toBe(bytesToHex(sample.csr.spkiDer));
  expect(check.csr.subject).toEqual(sample.csr.subject);
}

describe('verifyCsr properties', () => {
  it('refuses arbitrary text as data, never by throwing', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((der) => encodePem(der, LABEL)),
      fc
        .uint8Array({ minLength: 1, maxLength: 300 })
        .map((body) => `-----BEGIN ${LABEL}-----\n${bytesToBase64(body)}\n-----END ${LABEL}-----`),
      fc.nat({ max: 64 }).map((extra) => `-----BEGIN ${LABEL}-----\n${'A'.repeat(MAX_CSR_PEM_LENGTH + extra)}\n-----END ${LABEL}-----`),
    );
    await fc.assert(
      fc.asyncProperty(text, anySample, async (pem, sample) => {
        const check = await verifyCsr(pem, sample.expected);
        expect(check.ok).toBe(false);
        if (!check.ok) expect(REJECTIONS).toContain(check.reason);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses random DER structures as data', async () => {
    await fc.assert(
      fc.asyncProperty(derTree, anySample, async (der, sample) => {
        const check = await verifyCsr(encodePem(der, LABEL), sample.expected);
        expect(check).toMatchObject({ ok: false });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses mutated DER as data, accepting only the signed key and subject', async () => {
    const mutated = anySample.chain((sample) => fc.tuple(fc.constant(sample), derMutationOf(sample.der)));
    await fc.assert(
      fc.asyncProperty(mutated, async ([sample, der]) => {
        const pem = encodePem(der, LABEL);
        expectRefusedUnlessSameIdentity(await verifyCsr(pem, sample.expected), sample);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a CSR followed by any bytes as malformed', async () => {
    await fc.assert(
      fc.asyncProperty(anySample, fc.uint8Array({ minLength: 1, maxLength: 64 }), async (sample, tail) => {
        const check = await verifyCsr(encodePem(joined(sample.der, tail), LABEL), sample.expected);
        expect(check).toEqual({ ok: false, reason: 'malformed' });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses mutated PEM text as data, accepting only the signed key and subject', async () => {
    const mutated = anySample.chain((sample) => fc.tuple(fc.constant(sample), pemMutationOf(sample.pem)));
    await fc.assert(
      fc.asyncProperty(mutated, async ([sample, pem]) => {
        expectRefusedUnlessSameIdentity(await verifyCsr(pem, sample.expected), sample);
      }),
      { numRuns: 200 },
    );
  });

  it('answers an arbitrary expectation as data or with INVALID_ARGUMENT', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.constantFrom('alice', 'acme-dispatch', 'Acme Insurance', 'DE', ' alice', 'a|b', 'e\u0301'),
    );
    const expectation = fc.record({
      kind: fc.constantFrom('sig', 'enc', 'both', ''),
      username: text,
      role: fc.constantFrom('driver', 'dispatcher', 'admin'),
      organisation: fc.option(text, { nil: undefined }),
      country: fc.option(fc.oneof(text, fc.constantFrom('DE', 'de', 'DEU')), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(anySample, expectation, async (sample, expected) => {
        try {
          const check = await verifyCsr(sample.pem, expected as CsrExpectation);
          if (!check.ok) expect(REJECTIONS).toContain(check.reason);
        } catch (error) {
          expect(isPkiError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
