import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const graphqlDir = dirname(require.resolve('graphql/package.json'));

// [Note: one graphql realm]
// graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node loads the CJS build for
// type-graphql and graphql-ws, while Vite would pick the ESM build for our own imports, and
// graphql then refuses schema objects "from another module or realm". Aliasing every
// `graphql` import to the CJS files keeps a single copy in tests.
export default defineConfig({
  resolve: {
    alias: [{ find: /^graphql(\/.*)?$/, replacement: `${graphqlDir}$1/index.js` }],
  },
  test: {
    include: ['{api,pki,schema,device,testkit,nginx,web,bench,tools}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['tools/vitest-global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
