/**
 * The unit tests as Stryker runs them (stryker.config.mjs): the same configuration, without the tests that cannot
 * pass on instrumented sources (Stryker refuses to start when its first run has a failure).
 */
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      // One module graph per worker instead of one per test file: the whole suite in about a third of the time,
      // which matters because Stryker reruns it for every mutant of code that runs at import time.
      isolate: false,
      exclude: [
        ...configDefaults.exclude,
        // They read zoom.ts's and teams.ts's own lines (each UI string beside its language key), which Stryker's
        // instrumenting rewrites. They check the tables, which are data and are not mutated (scripts/stryker-ignorers.mjs).
        'test/unit/services/zoom-evidence.test.ts',
        'test/unit/services/teams-evidence.test.ts',
      ],
    },
  }),
);
