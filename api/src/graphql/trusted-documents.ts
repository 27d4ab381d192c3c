/**
 * Trusted documents: in production the API runs only the operations our clients were built with.
 *
 * [Note: trusted documents]
 * `codegen.ts` (client preset, `persistedDocuments`) writes `persisted-documents.json` beside the
 * SDK's generated documents: each document's canonical text under its id, `sha256:` + the hex
 * SHA-256 of that text (the GraphQL-over-HTTP persisted-document form). Canonical means
 * `printExecutableGraphQLDocument` from @graphql-tools/documents — definitions, selections and
 * arguments sorted, whitespace collapsed — which is what the preset hashes. The server computes
 * the same id from the document it parsed, so a client may print a document however it likes
 * (the SDK sends graphql-js's `print`) and still match. A document whose id is not in the
 * manifest is refused with UNTRUSTED_DOCUMENT, over HTTP and graphql-ws. Loading checks every
 * entry against its id, so a canonicaliser that drifted from the preset's fails at start-up
 * rather than refusing every request.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApolloServerPlugin } from '@apollo/server';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { parse, type DocumentNode } from 'graphql';
import { UntrustedDocumentError } from '../errors.ts';

/** `sha256:<hex>` of the document's canonical text: its id in `persisted-documents.json`. */
export function trustedDocumentId(document: DocumentNode): string {
  return `sha256:${createHash('sha256').update(printExecutableGraphQLDocument(document)).digest('hex')}`;
}

export class TrustedDocuments {
  private constructor(private readonly ids: ReadonlySet<string>) {}

  /** From the manifest's JSON (`{ "sha256:…": "document text" }`); throws naming the first bad entry. */
  static fromManifest(manifest: unknown): TrustedDocuments {
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new TypeError('a trusted-document manifest is a JSON object of id → document text');
    }
    const ids = new Set<string>();
    for (const [id, text] of Object.entries(manifest as Record<string, unknown>)) {
      if (typeof text !== 'string') throw new TypeError(`trusted document ${id}: the document text is not a string`);
      const computed = trustedDocumentId(parse(text));
      if (computed !== id)
        throw new Error(`trusted document ${id}: its text hashes to ${computed} (did codegen change how it canonicalises?)`);
      ids.add(id);
    }
    if (ids.size === 0) throw new Error('the trusted-document manifest is empty');
    return new TrustedDocuments(ids);
  }

  static async load(file: string): Promise<TrustedDocuments> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new Error(`cannot read the trusted-document manifest ${file} (run npm run codegen)`, { cause: e });
    }
    return TrustedDocuments.fromManifest(json);
  }

  get size(): number {
    return this.ids.size;
  }

  isTrusted(document: DocumentNode): boolean {
    return this.ids.has(trustedDocumentId(document));
  }
}

/**
 * Apollo: refuses an untrusted document once it is parsed and validated, before anything runs
 * (HTTP 400). Validation comes first because its cost is already bounded (operation-limits.ts)
 * and Apollo has the parsed document only then.
 */
export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: (rc) => {
          if (trusted.isTrusted(rc.document)) return Promise.resolve();
          rc.response.http.status = 400;
          return Promise.reject(new UntrustedDocumentError());
        },
      }),
  };
}
