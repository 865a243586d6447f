/**
 * `npm run policy:check FILE...` — reads a policy file in any format we ship (plain JSON, Linux managed JSON,
 * Google Admin console JSON, Firefox policies.json, .reg, macOS plist/mobileconfig, Intune JSON), finds every
 * extension policy in it and reports what the extension and Chrome's schema would refuse.
 * Exit code: 0 no problems, 1 problems, 2 unreadable, unknown format, or no policy in the file (e.g. an ADMX).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parsePolicy } from '../src/policy/policy';
import {
  type Extraction,
  extractPolicies,
  FormatError,
  type PolicyEntry,
  type Problem,
  SCHEMA,
  schemaProblems,
} from './policy-formats';

export interface EntryReport {
  label: string;
  id?: string;
  /** The policy as the browser would hand it to the extension. */
  policy: unknown;
  /** Keys the extension would apply. */
  adminKeys: string[];
  problems: Problem[];
}

export interface CheckReport {
  file: string;
  format?: string;
  exitCode: 0 | 1 | 2;
  entries: EntryReport[];
  /** The printed report, line by line. */
  lines: string[];
}

/** File-level problems first, then the extension's own parser, then what only Chrome's schema check refuses. */
export function entryProblems(entry: PolicyEntry): { problems: Problem[]; adminKeys: string[] } {
  const parsed = parsePolicy(entry.policy);
  const problems = [...entry.problems, ...parsed.problems];
  const seen = new Set(problems.map((problem) => problem.path));
  // The same mistake found by both checks is reported once, in the extension's words.
  if (entry.policy !== undefined) {
    problems.push(...schemaProblems(entry.policy, SCHEMA).filter((problem) => !seen.has(problem.path)));
  }
  return { problems, adminKeys: parsed.adminKeys };
}

export const formatProblem = (problem: Problem): string => `${problem.path}: ${problem.reason} (${problem.value})`;

function report(file: string, extraction: Extraction, onlyId?: string): CheckReport {
  const lines = [`File: ${file}`, `Format: ${extraction.format}`];
  if (extraction.notPolicy) {
    lines.push(
      `Not a policy: ${extraction.notPolicy}`,
      '結果: このファイルにはポリシーの値がありません（確認できません）。',
    );
    return { file, format: extraction.format, exitCode: 2, entries: [], lines };
  }
  const wanted = extraction.entries.filter((entry) => !onlyId || entry.id === onlyId);
  if (!wanted.length) {
    lines.push(`No policy for extension ${onlyId} in this file.`, `結果: 拡張機能 ${onlyId} のポリシーがありません。`);
    return { file, format: extraction.format, exitCode: 2, entries: [], lines };
  }
  const entries: EntryReport[] = [];
  for (const entry of wanted) {
    const { problems, adminKeys } = entryProblems(entry);
    entries.push({ label: entry.label, id: entry.id, policy: entry.policy, adminKeys, problems });
    lines.push(`${entry.label}:`);
    lines.push(`  keys applied: ${adminKeys.length ? adminKeys.join(', ') : '(none)'}`);
    if (problems.length) lines.push(...problems.map((problem) => `  ${formatProblem(problem)}`));
    else lines.push('  OK');
  }
  const total = entries.reduce((sum, entry) => sum + entry.problems.length, 0);
  const failing = entries.filter((entry) => entry.problems.length).length;
  if (total) {
    lines.push(`Summary: ${total} problem(s) in ${failing} of ${entries.length} policies.`);
    if (entries.some((entry) => entry.problems.some((problem) => problem.reason.startsWith('schema:')))) {
      lines.push(
        '  "schema:" problems make Chrome and Edge drop the value silently (see chrome://policy, edge://policy).',
      );
    }
    lines.push(`結果: 問題が ${total} 件あります（ポリシー ${entries.length} 件中 ${failing} 件）。`);
  } else {
    lines.push(`Summary: OK, ${entries.length} ${entries.length === 1 ? 'policy' : 'policies'} checked, no problems.`);
    lines.push(`結果: 問題なし（ポリシー ${entries.length} 件を確認しました）。`);
  }
  return { file, format: extraction.format, exitCode: total ? 1 : 0, entries, lines };
}

/** The core of the CLI, for tests: never throws, everything goes into the report. */
export function checkPolicyBytes(bytes: Uint8Array, file: string, onlyId?: string): CheckReport {
  try {
    return report(file, extractPolicies(bytes, file), onlyId);
  } catch (error) {
    const kind = error instanceof FormatError ? 'unknown or unreadable format' : 'unexpected error';
    const lines = [`File: ${file}`, `${kind}: ${(error as Error).message}`, '結果: 読み取れない形式のファイルです。'];
    return { file, exitCode: 2, entries: [], lines };
  }
}

export function checkPolicyFile(path: string, onlyId?: string): CheckReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const lines = [`File: ${path}`, `cannot read: ${(error as Error).message}`, '結果: ファイルを読み込めません。'];
    return { file: path, exitCode: 2, entries: [], lines };
  }
  return checkPolicyBytes(bytes, path, onlyId);
}

const USAGE = 'Usage: npm run policy:check -- FILE... [--id EXTENSION_ID]';

function main(argv: string[]): number {
  const files: string[] = [];
  let onlyId: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--id') onlyId = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else files.push(arg);
  }
  if (!files.length || (argv.includes('--id') && !onlyId)) {
    console.error(USAGE);
    return 2;
  }
  let exitCode = 0;
  files.forEach((file, index) => {
    const result = checkPolicyFile(file, onlyId);
    if (index) console.log('');
    console.log(result.lines.join('\n'));
    exitCode = Math.max(exitCode, result.exitCode);
  });
  return exitCode;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
