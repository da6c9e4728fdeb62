// Lint budget from ../shared/STYLE.md: small functions, shallow nesting, no floating promises,
// explicit return types on exports, and a pure placement engine (no I/O, no clock, no randomness).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'deploy/', '.tmp-dist/', '**/*.js', '**/*.mjs', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      complexity: ['warn', 12],
      'max-depth': ['error', 4],
      'max-params': ['warn', 5],
    },
  },
  {
    files: ['src/placement/**/*.ts'],
    ignores: ['src/placement/bench/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '@kubernetes/*', 'fs', 'http', 'https', 'net', 'child_process'] }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'The placement engine is pure: take a seed.' },
        { object: 'Date', property: 'now', message: 'The placement engine is pure: take `now` as an argument.' },
        { object: 'performance', property: 'now', message: 'The placement engine is pure.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'The placement engine is pure: take `now` as an argument.' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off', 'max-params': 'off', complexity: 'off' },
  },
);
