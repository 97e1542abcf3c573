// The layer rules of docs/design.md, checked by `npm run lint:layers` (CI runs it after lint):
//
//   core/ and storage/ know no domain; domains never import the CLI or the server; the CLI and the
//   server import only public entry points (a module's index.ts, platform.ts); a folder is entered
//   only through its index.ts; no two folders depend on each other.
//
// Only production code is checked: tests, fixtures, contract suites and src/testing/ may reach into
// the code they test. Violations that existed when the rules were added are listed in
// .dependency-cruiser-known-violations.json (dependency-cruiser's baseline); `lint:layers` ignores
// those and fails on any new one. Fixing one: remove its entry (or regenerate the file with
// `npm run lint:layers:baseline`, which records the current violations: review its diff, since it
// accepts new ones too). test/layers.test.ts checks that each rule fails on a deliberate violation.

/** Production code only. */
const NOT_PRODUCTION = [
  '\\.test\\.ts$',
  '\\.fixture\\.ts$',
  '\\.contract\\.ts$',
  '(^|/)fixtures/',
  '^src/testing/',
];

/** A module: a folder under src/, or one under src/storage/. Its public entry point is its index.ts. */
const MODULE_INDEX = '^src/(storage/[^/]+|[^/]+)/index\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-knows-no-domain',
      comment: 'core/ is the bottom layer: it imports nothing else of Flywheel.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'charts-import-nothing',
      comment:
        "charts/ is a bottom layer like core/, in the dashboard's browser bundle too: it imports nothing else of Flywheel (src/charts/isomorphic.test.ts checks it imports no Node module either).",
      severity: 'error',
      from: { path: '^src/charts/' },
      to: { path: '^src/', pathNot: '^src/charts/' },
    },
    {
      name: 'storage-knows-no-domain',
      comment: 'storage/ (metadata and artifact stores) builds on core/ only.',
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: '^src/', pathNot: '^src/(core|storage)/' },
    },
    {
      name: 'domain-imports-no-cli-or-server',
      comment: 'Dependencies point inward: no domain (nor platform.ts or the package root) imports the CLI or the server.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|server)/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'cli-server-use-public-entry-points',
      comment:
        'The CLI and the server call the platform and public entry points only: a module index.ts, platform.ts or the package root.',
      severity: 'error',
      from: { path: '^src/(cli|server)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', MODULE_INDEX, '^src/platform\\.ts$', '^src/index\\.ts$'] },
    },
    {
      name: 'enter-folders-through-index',
      comment:
        "A file in another folder is reached through that folder's index.ts (files of the importer's own folder and of the folders above it excepted).",
      severity: 'error',
      from: { path: '^(src/.+|src)/[^/]+$' },
      to: { path: '^src/', pathNot: ['^$1/[^/]+$', '/index\\.ts$'], ancestor: false },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No two folders depend on each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    exclude: { path: NOT_PRODUCTION },
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
