/**
 * The unit tests as Stryker runs them (stryker.config.mjs): the same configuration, without the tests that are
 * red on purpose until work on other branches lands (Stryker refuses to start when its first run has a failure).
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
      exclude: [...configDefaults.exclude],
    },
  }),
);
