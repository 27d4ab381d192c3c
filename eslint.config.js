// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { noCrossPackageRelativeImport } from './tools/eslint/no-cross-package-relative-import.js';

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
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
