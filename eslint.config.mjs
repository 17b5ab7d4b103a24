import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '*.js', '*.cjs', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { project: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  {
    // Nest resolves providers by their runtime class: a type-only import would erase it.
    files: [
      'apps/**/*.ts',
      'libs/**/*.module.ts',
      'libs/**/*.controller.ts',
      'libs/**/*.handler.ts',
      'libs/**/*.service.ts',
      'libs/**/*.processor.ts',
      'libs/**/*.reactor.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
