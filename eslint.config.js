// npm run lint: typescript-eslint's recommended rules over src, test, bench and scripts, and the layering rule
// (eslint-rules/layers.js) over src.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import coinai from './eslint-rules/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'assembly/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `let x; ... closures reading x ...; x = ...` binds late on purpose (src/node/node.ts).
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read untyped JSON bodies and drive codecs generically.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { coinai },
    rules: { 'coinai/layers': 'error' },
  },
);
