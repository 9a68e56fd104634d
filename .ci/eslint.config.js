// ESLint (flat config), kept with CI. Besides typescript-eslint's rules it enforces
// the dependency rule of DESIGN.md: the core never imports a platform, the store,
// adapters or cards; a feature's use cases follow the same rule (only its db.ts and
// migrations/ may use Knex and the store's helpers); src/ never imports adapters or
// cards; botbuilder stays inside adapters/teams and Slack's SDK inside adapters/slack.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PLATFORM_SDKS = ['@slack/*', 'botbuilder', 'botbuilder-*', 'botframework-*', 'adaptivecards', 'express'];
const OUTER_LAYERS = ['**/adapters/**', '**/cards/**'];

const restrict = (group, message) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          [...PLATFORM_SDKS, 'knex', 'pg', '@electric-sql/*', 'knex-pglite', 'i18next', 'pino'],
          [...OUTER_LAYERS, '**/store/**', '**/jobs/**', '**/config.js', '**/i18n.js', '**/logger.js'],
        ].flat(),
        'src/core is platform- and storage-neutral: depend on ports.ts instead',
      ),
    },
  },
  {
    files: ['src/features/**/*.ts'],
    ignores: ['src/features/*/db.ts', 'src/features/*/migrations/**', 'src/features/index.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          [...PLATFORM_SDKS, 'knex', 'pg', '@electric-sql/*', 'knex-pglite', 'i18next', 'pino'],
          [...OUTER_LAYERS, '**/store/**', '**/jobs/**', '**/config.js', '**/i18n.js', '**/logger.js'],
        ].flat(),
        "a feature's use cases are platform- and storage-neutral: its store port is store.ts, its Knex code db.ts",
      ),
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/**', 'src/features/**'],
    rules: { 'no-restricted-imports': restrict([...PLATFORM_SDKS, ...OUTER_LAYERS], 'src/ must not depend on adapters, cards or platform SDKs') },
  },
  {
    files: ['cards/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/adapters/**', '**/store/**', 'botbuilder', 'botbuilder-*', '@slack/bolt', '@slack/web-api', 'knex', 'express'],
        'cards are pure renderers of card models',
      ),
    },
  },
  {
    files: ['adapters/slack/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['botbuilder', 'botbuilder-*', 'botframework-*', '**/teams/**'], 'Teams code stays in adapters/teams') },
  },
  {
    files: ['adapters/teams/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['@slack/*', '**/slack/**'], 'Slack code stays in adapters/slack') },
  },
  {
    files: ['adapters/http/**/*.ts', 'adapters/*.ts', 'migrations/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['botbuilder', 'botbuilder-*', 'botframework-*', '@slack/*'], 'platform SDKs stay in their adapter') },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'manifest/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node }, rules: { 'no-console': 'off' } },
);
