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
  },
  {
    files: ['src/**/*.ts'],
    plugins: { coinai },
    rules: { 'coinai/layers': 'error' },
  },
);
