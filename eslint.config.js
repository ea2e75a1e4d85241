import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, bottom first (README, "Design notes"). A folder imports only from its
 * own layer and the ones below; errors.ts, at the root, is below them all. An upward import
 * is reported with the two layers named.
 */
const LAYERS = [
  ['model'],
  ['measure'],
  ['workloads'],
  ['pool'],
  ['run'],
  ['analysis', 'store'],
  ['config'],
  ['export'],
  ['daemon', 'generate'],
  ['cli'],
];

function layerRules() {
  return LAYERS.slice(0, -1).map((folders, level) => {
    const above = LAYERS.slice(level + 1).flat();
    return {
      files: folders.map((folder) => `src/${folder}/**/*.ts`),
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [{
            regex: `^(\\.\\./)+(${above.join('|')})(/|\\.ts$)`,
            message: `${folders.join('/')} is below ${above.join(', ')}: import only downward (cli → daemon/generate → export → config → analysis/store → run → pool → workloads → measure → model).`,
          }],
        }],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dashboards/', 'var/', 'coverage/', 'test/fixtures/bad-modules/syntax-error.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules(),
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
