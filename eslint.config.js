// Lint rules that keep the layers apart (see docs/ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const UI_LIBS = ['react', 'react-dom', 'react-dom/*', 'd3', 'd3-*', 'katex'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The math core runs in Node: no UI libraries, no DOM, no app layers.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: UI_LIBS, message: 'src/core is the math core: no React, D3 or KaTeX.' },
          { group: ['@/app/*', '@/components/*', '@/features/*', '@/hooks/*', '@/viz/*', '@/session/*', '@/settings/*', '@/platform/*'],
            message: 'src/core may import only @tensorflow/* and other src/core files.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'requestAnimationFrame'],
    },
  },
  {
    // Renderers take plain numbers: no tfjs, no React, no core.
    files: ['src/viz/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@tensorflow/*', 'react', '@/core/*', '@/session/*'], message: 'src/viz renders plain arrays only.' }],
      }],
    },
  },
  {
    // React never touches tensors: components get numbers from the session snapshot.
    files: ['src/components/**/*.tsx', 'src/features/**/*.tsx', 'src/app/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@tensorflow/*'], message: 'UI components receive plain numbers, never tensors.' }],
      }],
    },
  },
);
