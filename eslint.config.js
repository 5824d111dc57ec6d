import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import house from './eslint-rules/layers.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      // A server's data dirs in the checkout (function code a user uploaded).
      '.gradual/**',
      '.gradual-rehearsal/**',
      '**/*.mjs',
      'bin/**',
      'examples/**',
      'src/server/runtime/bootstraps/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Time and chance are inputs: only common/clock.ts and common/random.ts may touch them.
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Use the injected Random.' },
      ],
    },
  },
  // Imports point down the floors of src/ (tests may reach anywhere).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/test-support/**'],
    plugins: { house },
    rules: { 'house/layers': 'error' },
  },
  {
    files: ['src/common/clock.ts', 'src/common/random.ts', '**/*.test.ts', 'test/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['eslint.config.js', 'eslint-rules/**'], ...tseslint.configs.disableTypeChecked },
  // The dashboard's browser modules: plain JavaScript, no type information, browser globals.
  {
    files: ['src/server/dashboard/static/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'history',
          'fetch',
          'EventSource',
          'ResizeObserver',
          'Node',
          'Intl',
          'URL',
          'console',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'performance',
          'requestAnimationFrame',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
