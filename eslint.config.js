import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dashboards/', 'var/', 'coverage/', 'test/fixtures/bad-modules/syntax-error.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Every vmsoak_ metric family is spelt in one table; other code imports it. A name right
  // after ":" is a recording rule's (level:metric:operations), not a family, and is allowed.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/export/metric-families.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: 'Literal[value=/(^|[^:\\w])vmsoak_/]',
          message: 'Spell vmsoak_ metric names only in src/export/metric-families.ts; import the family from there.',
        },
        {
          selector: 'TemplateElement[value.raw=/(^|[^:\\w])vmsoak_/]',
          message: 'Spell vmsoak_ metric names only in src/export/metric-families.ts; import the family from there.',
        },
      ],
    },
  },
);
