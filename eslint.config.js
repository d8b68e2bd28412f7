import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layers, checked on every import specifier (relative or '@/'): see README "Layout".
const CAPABILITIES = '(page-scan|saving|provenance|products|settings|protocols|web-search)';
const layer = (regex, message) => ({ regex, message });
const NO_SERVER = layer(
  '(^|/)server(/|$)',
  'Extension code never imports server code: share it through utils/contract.',
);
const NO_TEST_SUPPORT = layer('(^|/)(testing|tests)(/|$)', 'Production code never imports test support.');
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.bench.ts', '**/testing/**', 'tests/**'];
// The server shares two files' worth of the extension's tree: the contract, and the platform-free token bucket.
// The product parser is shared too: followed shops read a page's schema.org Product with the one the content script runs.
const NO_EXTENSION_CODE = layer(
  '^(@/|(\\.\\./)+)utils/(?!contract(/|$)|lib/token-bucket$|page-scan/product$)',
  'The server imports nothing from utils/ but the contract, lib/token-bucket and page-scan/product.',
);
// Extension code runs in a browser: these are Node's. They typecheck there all the same (wxt's types import
// vite's, which reference @types/node), so lint refuses them.
const NODE_GLOBALS = [
  'process',
  'Buffer',
  '__dirname',
  '__filename',
  'require',
  'module',
  'exports',
  'global',
  'setImmediate',
  'clearImmediate',
].map((name) => ({
  name,
  message: 'Extension code runs in a browser: this is a Node global.',
}));
// The server runs in Node: these are a browser's (the shared product parser gets its Document from linkedom).
const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'DOMParser',
  'chrome',
  'browser',
].map((name) => ({ name, message: 'The server runs in Node: this is a browser global.' }));
// The server's features (server/features/<name>/): each is imported from outside through its index.ts only.
const FEATURES = ['boards', 'pins', 'users', 'provenance', 'catalog', 'shops'];
const featureInternals = (feature) =>
  layer(
    `(^|/)features/${feature}/(?!index$)|^(\\.\\./)+${feature}/(?!index$)`,
    `Import server/features/${feature} through its index.ts ('…/features/${feature}'), never its internals.`,
  );

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', '.tmp/', 'server/platform/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Page-supplied strings are never rendered as HTML: no innerHTML, no dangerouslySetInnerHTML, no eval.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build DOM nodes and set textContent instead of assigning HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Build DOM nodes instead of inserting HTML.',
        },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, not HTML.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  // Each side sees its own platform's globals; tests and tooling drive both.
  { files: ['entrypoints/**', 'components/**', 'utils/**'], languageOptions: { globals: globals.browser } },
  { files: ['server/**'], languageOptions: { globals: globals.node } },
  {
    // The server compiles with the DOM's types (the shared product parser's signatures take a Document),
    // but there is no browser there: its globals are refused.
    files: ['server/**'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-globals': ['error', ...BROWSER_GLOBALS] },
  },
  { files: [...TEST_FILES, '*.{js,ts}'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['entrypoints/**', 'components/**', 'utils/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_SERVER, NO_TEST_SUPPORT] }],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  {
    // Shared layers serve every capability and know none of them.
    files: ['utils/lib/**', 'components/lib/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_SERVER,
            NO_TEST_SUPPORT,
            layer(
              `^(@/(utils|components)/|(\\.\\./)+)${CAPABILITIES}(/|$)`,
              'A shared layer (utils/lib, components/lib) never imports a capability.',
            ),
          ],
        },
      ],
    },
  },
  {
    // The one contract both sides import: zod and itself, nothing else.
    files: ['utils/contract/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer('^(?!zod$)(?!\\./[\\w-]+$)', 'utils/contract imports only zod (and its own files).')] },
      ],
    },
  },
  {
    // Outside a feature, a feature is reached through its index.ts only (its router, dependency
    // factory, body limits and what the CLI runs); inside it, its own files are its business.
    files: ['server/**'],
    ignores: [...TEST_FILES, 'server/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_TEST_SUPPORT, NO_EXTENSION_CODE, ...FEATURES.map(featureInternals)] },
      ],
    },
  },
  ...FEATURES.map((feature) => ({
    files: [`server/features/${feature}/**`],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_TEST_SUPPORT,
            NO_EXTENSION_CODE,
            ...FEATURES.filter((other) => other !== feature).map(featureInternals),
          ],
        },
      ],
    },
  })),
  {
    // The platform (db, http, limits, auth, safe-fetch) serves every feature and knows none of them.
    files: ['server/platform/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_TEST_SUPPORT,
            NO_EXTENSION_CODE,
            layer(
              '(^|/)(features|cli)(/|$)|(^|/)(app|app-context|run-server|env|main)$',
              'server/platform never imports a feature or the app.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.tsx', 'components/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests and their support may build DOM fixtures from HTML strings they write themselves.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Playwright fixtures take an unused `{}` first argument by design.
    files: ['tests/e2e/**/*.ts', 'tests/e2e-firefox/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
