/**
 * GraphQL Code Generator: `schema/schema.graphql` (emitted by the API) + the operations written
 * with `graphql()` beside the SDK code that uses them → typed documents in `device/src/gql`,
 * committed; CI regenerates them and fails on any diff. The web app has no documents of its own:
 * it calls the SDK's flows (`@seccam/device`).
 *
 * `persistedDocuments` also writes `device/src/gql/persisted-documents.json`: every document's
 * canonical text under its `sha256:` id. In production the API runs only those documents
 * ([Note: trusted documents] in api/src/graphql/trusted-documents.ts; `TRUSTED_DOCUMENTS_FILE`).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const clientPreset = {
  preset: 'client',
  presetConfig: { fragmentMasking: false, persistedDocuments: true },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    strictScalars: true,
    scalars: { DateTimeISO: 'string' },
    avoidOptionals: { field: true, inputValue: false },
  },
} as const;

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'device/src/gql/': { documents: ['device/src/**/*.ts', '!device/src/gql/**'], ...clientPreset },
  },
};

export default config;
