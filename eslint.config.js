// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './client/svelte.config.js';

export default tseslint.config(
  // Fixtures are data: stand-ins for built files, served as they are.
  { ignores: ['node_modules/', 'data/', 'dist/', 'client/dist/', 'tests/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // The same for every file: the TypeScript parser keeps the options it first saw.
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify plugins and hooks are async by convention, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Components and rune modules: <script lang="ts"> through typescript-eslint's parser.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
    rules: {
      // TypeScript (svelte-check) knows the browser's globals; no-undef would need a list of them.
      'no-undef': 'off',
      // `void feed.version` reads a rune to depend on it: meaningful to Svelte.
      '@typescript-eslint/no-meaningless-void-operator': 'off',
    },
  },
  {
    files: ['eslint.config.js', 'client/svelte.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The alerts service worker: plain JavaScript served as it is (client/public), no types.
    files: ['client/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['client/public/**/*.js'],
    languageOptions: { globals: { self: 'readonly', URL: 'readonly' } },
  },
);
