import tseslint from 'typescript-eslint';
import { layerImportRules } from './eslint.layers.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', '.stack/', '.data/', 'bin/', 'eslint.config.mjs', 'eslint.layers.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Who may import whom: one block per layer of src/ and depth (eslint.layers.mjs, docs/ARCHITECTURE.md).
  ...layerImportRules,
);
