/**
 * `npm run test:mutation` is too slow for every run of `npm test`, so this keeps its configuration from rotting
 * unnoticed: every file it mutates exists, its plugins load, and its ignorers skip exactly the data (adapter tables
 * and descriptions, the helpers read.ts replaces) and nothing of the logic. The instrumenter is Stryker's own, so
 * the mutants counted here are the ones a mutation run would test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// Loaded by path: the configuration is plain JavaScript for Stryker, with no type declarations of its own.
const { default: config } = (await import(join(ROOT, 'stryker.config.mjs'))) as {
  default: PartialStrykerOptions & { appendPlugins?: string[]; vitest?: { configFile?: string } };
};
const ADAPTERS = ['meet', 'zoom', 'teams', 'webex', 'jitsi'];

interface Plugin {
  kind: string;
  name: string;
  value: { shouldIgnore(path: unknown): string | undefined };
}

const loadPlugins = async (): Promise<Plugin[]> => {
  const plugins: Plugin[] = [];
  for (const file of config.appendPlugins ?? []) {
    const module = (await import(join(ROOT, file))) as { strykerPlugins: Plugin[] };
    plugins.push(...module.strykerPlugins);
  }
  return plugins;
};
const { REASONS } = (await import(join(ROOT, 'scripts', 'stryker-ignorers.mjs'))) as {
  REASONS: Record<string, string>;
};
const OUR_REASONS = Object.values(REASONS);

const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, isDebugEnabled: () => false };

/** Stryker's instrumenter over one source file, with the configured ignorers. */
async function mutantsOf(file: string) {
  const ignorers = (await loadPlugins()).filter((p) => config.ignorers?.includes(p.name)).map((p) => p.value);
  const instrumenter = new Instrumenter(quiet as never);
  const content = readFileSync(join(ROOT, file), 'utf8');
  const { mutants } = await instrumenter.instrument([{ name: join(ROOT, file), mutate: true, content }], {
    plugins: null,
    excludedMutations: [],
    ignorers,
  } as never);
  return { content, mutants };
}

/** 0-based line range (as Stryker's mutant locations count) of `const table = {` … its closing `}`. */
function tableLines(content: string): [number, number] {
  const lines = content.split('\n');
  const start = lines.findIndex((line) => /^const table\b.*= \{$/.test(line));
  const end = lines.findIndex((line, index) => index > start && line.startsWith('}'));
  return [start, end];
}

describe('stryker.config.mjs', () => {
  it('mutates files that exist: the decision code, the reading helpers and every adapter', () => {
    const mutate = (config.mutate ?? []) as string[];
    for (const file of mutate) expect(existsSync(join(ROOT, file)), file).toBe(true);
    for (const file of [
      'src/rules.ts',
      'src/checklist.ts',
      'src/classification.ts',
      'src/external.ts',
      'src/policy/effective.ts',
      'src/services/read.ts',
      'src/services/service.ts',
      ...ADAPTERS.map((id) => `src/services/${id}.ts`),
    ]) {
      expect(mutate, file).toContain(file);
    }
  });

  it('runs the unit tests through a vitest configuration that exists, and keeps its results out of git', () => {
    expect(config.testRunner).toBe('vitest');
    expect(existsSync(join(ROOT, config.vitest?.configFile ?? 'missing'))).toBe(true);
    expect(config.incremental).toBe(true);
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(config.incrementalFile?.startsWith('.cache/')).toBe(true);
    expect(ignored).toContain('.cache/');
    expect(ignored).toContain('reports/');
  });

  it('stays gentle on a shared machine (at most 2 test runners)', () => {
    expect(config.concurrency).toBeGreaterThanOrEqual(1);
    expect(config.concurrency).toBeLessThanOrEqual(2);
  });

  it('names ignorers that its plugins declare', async () => {
    const names = (await loadPlugins()).filter((p) => p.kind === 'Ignore').map((p) => p.name);
    expect(config.ignorers?.length).toBeGreaterThan(0);
    for (const name of config.ignorers ?? []) expect(names, name).toContain(name);
  });
});

describe('the ignorers', () => {
  it.each(ADAPTERS)('%s: its table and description are not mutated, its logic is', async (id) => {
    const { content, mutants } = await mutantsOf(`src/services/${id}.ts`);
    const [start, end] = tableLines(content);
    expect(start, 'the adapter has a top-level `const table = {`').toBeGreaterThanOrEqual(0);
    const inTable = mutants.filter((m) => m.location.start.line >= start && m.location.end.line <= end);
    expect(inTable.length).toBeGreaterThan(0);
    expect(inTable.every((m) => m.status === 'Ignored' && m.statusReason === REASONS.table)).toBe(true);
    const description = mutants.filter((m) =>
      /^\s*(?:matches|name|id):/.test(content.split('\n')[m.location.start.line] ?? ''),
    );
    expect(description.every((m) => m.status === 'Ignored')).toBe(true);
    const tested = mutants.filter((m) => m.status !== 'Ignored');
    expect(tested.length, 'the logic of read() is still mutated').toBeGreaterThan(10);
    expect(tested.every((m) => m.location.start.line > end || m.location.end.line < start)).toBe(true);
  });

  it('service.ts: mergeTable, matchesPattern, notetakersIn, isTextKey and anyOn are mutated; unknownSignals is not', async () => {
    const { content, mutants } = await mutantsOf('src/services/service.ts');
    const lines = content.split('\n');
    /** The function that encloses a (0-based) line: the nearest `function name(` above it. */
    const functionAt = (line: number) => {
      for (let index = line; index >= 0; index--) {
        const found = /^(?:export )?function (\w+)/.exec(lines[index] ?? '');
        if (found) return found[1];
        if (/^(?:export )?const \w+/.test(lines[index] ?? '')) return null;
      }
      return null;
    };
    const tested = new Set(mutants.filter((m) => m.status !== 'Ignored').map((m) => functionAt(m.location.start.line)));
    const ignored = new Set(
      mutants.filter((m) => m.status === 'Ignored').map((m) => functionAt(m.location.start.line)),
    );
    for (const kept of ['mergeTable', 'matchesPattern', 'notetakersIn', 'isTextKey', 'anyOn'])
      expect(tested, kept).toContain(kept);
    expect(ignored).toContain('unknownSignals');
    expect(tested).not.toContain('unknownSignals');
  });

  it('read.ts and the decision code are mutated in full', async () => {
    for (const file of ['src/services/read.ts', 'src/checklist.ts', 'src/external.ts']) {
      const { mutants } = await mutantsOf(file);
      expect(mutants.length, file).toBeGreaterThan(20);
      const byIgnorer = mutants.filter((m) => OUR_REASONS.includes(m.statusReason ?? ''));
      expect(byIgnorer, file).toEqual([]);
    }
  });
});
