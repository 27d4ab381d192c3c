/**
 * Trusted documents against the committed manifest: the server's canonical id agrees with the
 * one codegen wrote, for the SDK's documents however they are printed, and every client document
 * fits the default operation limits (so a limit never refuses our own clients).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LoginChallengeDocument, MeDocument, printDocument, RegisterDocument } from '@seccam/testkit';
import { TRUSTED_DOCUMENTS_FILE } from '../config.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import { limitParseOptions, limitRules } from './operation-limits.ts';
import { trustedDocumentId, TrustedDocuments } from './trusted-documents.ts';

const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const manifest = JSON.parse(readFileSync(repoFile(TRUSTED_DOCUMENTS_FILE), 'utf8')) as Record<string, string>;

describe('trusted documents', () => {
  it('loads the codegen manifest: every entry hashes to its id', () => {
    expect(TrustedDocuments.fromManifest(manifest).size).toBe(Object.keys(manifest).length);
  });

  it('trusts the SDK documents as the SDK prints them, and in any layout or field order', () => {
    const trusted = TrustedDocuments.fromManifest(manifest);
    for (const text of [printDocument(MeDocument), printDocument(LoginChallengeDocument), printDocument(RegisterDocument)]) {
      expect(trusted.isTrusted(parse(text))).toBe(true);
    }
    const reordered =
      'mutation LoginChallenge($username: String!) {\n  loginChallenge(username: $username) { origin nonce expiresAt challengeId }\n}';
    expect(trusted.isTrusted(parse(reordered))).toBe(true);
  });

  it('refuses any other document, however close', () => {
    const trusted = TrustedDocuments.fromManifest(manifest);
    expect(trusted.isTrusted(parse('mutation LoginChallenge($username: String!) { loginChallenge(username: $username) { nonce } }'))).toBe(
      false,
    );
    expect(trusted.isTrusted(parse('{ me { username } }'))).toBe(false);
  });

  it('refuses a manifest whose entry does not hash to its id, an empty one, and one of the wrong shape', () => {
    const [id = '', text = ''] = Object.entries(manifest)[0] ?? [];
    expect(() => TrustedDocuments.fromManifest({ [id]: `${text.slice(0, -1)} __typename }` })).toThrow(/hashes to sha256:/);
    expect(() => TrustedDocuments.fromManifest({})).toThrow(/empty/);
    expect(() => TrustedDocuments.fromManifest([text])).toThrow(TypeError);
    expect(trustedDocumentId(parse(text))).toBe(id);
  });

  it('every client document fits the default operation limits', () => {
    const schema = buildSchema(readFileSync(repoFile('schema/schema.graphql'), 'utf8'));
    for (const text of Object.values(manifest)) {
      expect(validate(schema, parse(text, limitParseOptions(DEFAULT_LIMITS.graphql)), limitRules(DEFAULT_LIMITS.graphql))).toEqual([]);
    }
  });
});
