/**
 * GraphQL Code Generator: `schema/schema.graphql` (emitted by the API) + the operations written
 * with `graphql()` beside the code that uses them → typed documents in `web/src/gql` and
 * `device/src/gql`. Both outputs are committed; CI regenerates them and fails on any diff.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const clientPreset = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
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
    'web/src/gql/': { documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'], ...clientPreset },
    'device/src/gql/': { documents: ['device/src/**/*.ts', '!device/src/gql/**'], ...clientPreset },
  },
};

export default config;
