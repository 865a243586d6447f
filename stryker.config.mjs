// @ts-check
/**
 * Mutation testing of the code that decides what a person is told (issue 14; docs/testing.md).
 * `npm run test:mutation` runs it incrementally; `npm run test:mutation -- --mutate src/external.ts` for one file.
 *
 * Incremental results are kept in .cache/stryker/ (git-ignored), not committed: the file holds the source of every
 * mutated file and test, changes with each run and would conflict on every merge. A fresh clone does one full run
 * (docs/testing.md says how long), later runs retest only the mutants whose code or covering tests changed.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // related (the default) stays on: with `isolate: false` (vitest.mutation.config.ts) it is what makes vitest load the
  // mutated module afresh for a "static" mutant (one in code that runs at import, like the RULES table); without it
  // those mutants all survived, falsely.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    // The decisions: warnings, checklist, class, outside meeting, effective policy.
    'src/rules.ts',
    'src/checklist.ts',
    'src/classification.ts',
    'src/external.ts',
    'src/policy/effective.ts',
    // The reading helpers every adapter shares, and the ones service.ts keeps (see scripts/stryker-ignorers.mjs).
    'src/services/read.ts',
    'src/services/service.ts',
    // The adapters' logic; their `table` is data and is not mutated (scripts/stryker-ignorers.mjs).
    'src/services/meet.ts',
    'src/services/zoom.ts',
    'src/services/teams.ts',
    'src/services/webex.ts',
    'src/services/jitsi.ts',
  ],
  appendPlugins: ['./scripts/stryker-ignorers.mjs'],
  ignorers: ['adapter-tables', 'legacy-service-helpers'],
  incremental: true,
  incrementalFile: '.cache/stryker/incremental.json',
  // The machine is shared (2 cores); one runner beside the instrumenter keeps it usable for others.
  concurrency: 2,
  // test/e2e is the real-browser suite (not run here); its test key is read by a unit test (pack.test.ts).
  ignorePatterns: ['dist', 'demo-screenshots', 'test-results', 'test/e2e', '!test/e2e/test-key.json', '.cache'],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  clearTextReporter: { logTests: false, reportTests: false },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.cache/stryker/tmp',
  cleanTempDir: true,
};
