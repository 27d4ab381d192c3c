// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { noCrossPackageRelativeImport } from './tools/eslint/no-cross-package-relative-import.js';

/** The device SDK's core runs in browsers too: Node and `ws` only behind @seccam/device/node. */
const nodeOnly = 'the isomorphic SDK core runs in browsers: put Node code in device/src/node/ (@seccam/device/node)';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'web/src/gql/**', 'device/src/gql/**', 'api/drizzle/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { seccam: { rules: { 'no-cross-package-relative-import': noCrossPackageRelativeImport } } },
    rules: {
      'seccam/no-cross-package-relative-import': ['error', { root: import.meta.dirname }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
      // type-graphql object types are classes used as plain shapes: resolvers return literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['device/src/**/*.ts'],
    ignores: ['device/src/node/**', 'device/src/gql/**', '**/*.test.ts', '**/*.test-support.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['ws', ...builtinModules].map((name) => ({ name, message: nodeOnly })),
          patterns: [{ regex: '^node:', message: nodeOnly }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'require', '__dirname', '__filename', 'setImmediate'].map((name) => ({ name, message: nodeOnly })),
      ],
      'no-restricted-syntax': ['error', { selector: "TSQualifiedName[left.name='NodeJS']", message: nodeOnly }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
