import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.stack/', '.data/', 'bin/', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Workflows replay deterministically: no Node built-ins, no I/O adapters, activities as types only.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https'],
              message: 'workflows must stay deterministic',
            },
            { group: ['**/adapters/**', '**/streaming/**', '**/cli/**', '**/stack/**'], message: 'workflows do no I/O' },
            { group: ['**/activities/**'], message: 'import activities with `import type`', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
