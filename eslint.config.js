// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules everywhere, React's
// hooks rules in the renderer. Syntax-level rules only (no type-aware linting): `npm run typecheck`
// already runs tsc over every file, and a type-aware pass would double the gate's time on CI.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  { ignores: ['out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      // A warning that React Compiler would skip components using TanStack Virtual; we do not use the compiler.
      'react-hooks/incompatible-library': 'off',
      // The settings forms re-seed their drafts from the stored settings in an effect; React's
      // alternative (remount the form with a key) is a larger change, so this warns, not fails.
      'react-hooks/set-state-in-effect': 'warn',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'src-main/hostile-host/**/*.ts'],
    rules: {
      // Tests and their harnesses walk parsed JSON (reports, NDJSON lines) freely; a schema check or
      // the assertion itself is the type there. Shipped code keeps the rule.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['e2e/**/*.ts'],
    rules: {
      // Playwright fixtures that need no other fixture must be declared `async ({}, use) => …`.
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/*.spec.ts'],
    rules: {
      // One small module per idea, one idea per function (tests are exempt: a describe block is long).
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Sanitising hostile text means matching control characters on purpose (sanitize.ts and its tests).
      'no-control-regex': 'off',
    },
  },
]);
