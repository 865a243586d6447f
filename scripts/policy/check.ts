/**
 * policy:check — reads a deployment file in any format the kit ships, finds every Meeting Guard policy in it,
 * and follows each value the way the browser would: what the browser (or regedit) drops before the extension
 * sees it, then what the extension itself reports and replaces with a safe value. Never throws.
 */

import { parsePolicy } from '../../src/policy/policy';
import { fromTemplate } from './admx';
import { fromPlistXml } from './apple';
import { chromeFilter, type Extraction, FormatError, type PolicyEntry, type Problem, problemAt } from './common';
import { developmentIdWarning, isDevelopmentId } from './install';
import { fromJson } from './json';
import { fromRegFile, looksLikeReg, REG_HEADER } from './registry';
import { lineAndColumn, parseXml } from './xml';

// ---------------------------------------------------------------------------------------------------------------
// Bytes to text

export interface Decoded {
  text: string;
  encoding: 'UTF-16LE' | 'UTF-16BE' | 'UTF-8' | 'UTF-8 with BOM' | 'Shift_JIS';
}

/**
 * Decodes a file the way the tools that read it do: a UTF-16 or UTF-8 byte-order mark decides; text with NUL
 * bytes and no UTF-16 mark is binary; text that is not UTF-8 is read as Shift_JIS, which is what regedit does
 * with a .reg on a Japanese Windows (the ANSI code page). Throws FormatError for binary input.
 */
export function decodeFile(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  if (head.startsWith('bplist'))
    throw new FormatError(
      'a binary property list: convert it to XML first (plutil -convert xml1 FILE), then check that copy',
    );
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw new FormatError(
      `binary data (a NUL byte at offset ${nul}), not a policy text file. ` +
        'A .reg must be text (UTF-16LE with a byte-order mark, as regedit exports it; without the mark it reads ' +
        'as binary), JSON and plists UTF-8.',
    );
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\ufeff')
      ? { text: text.slice(1), encoding: 'UTF-8 with BOM' }
      : { text, encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'Shift_JIS' };
  }
}

/** The first key or value line with a character outside ASCII (a garbled comment does no harm). */
function firstNonAscii(text: string): { line: number; text: string } | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => !line.trimStart().startsWith(';') && /[^\t\n\r\x20-\x7e]/.test(line));
  return index < 0 ? undefined : { line: index + 1, text: (lines[index] as string).trim().slice(0, 60) };
}

// ---------------------------------------------------------------------------------------------------------------
// Text to policies

function jsonError(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
  return `not valid JSON${where}: ${error.message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`;
}

/** Reads a file's bytes; `name` only helps the report. Throws FormatError when the format is not recognised. */
export function extractPolicies(bytes: Uint8Array, name = ''): Extraction {
  const { text, encoding } = decodeFile(bytes);
  const start = text.trimStart();
  const notes: string[] = [];
  if (start.startsWith(REG_HEADER) || start.startsWith('REGEDIT4')) {
    const problems: Problem[] = [];
    const foreign = encoding.startsWith('UTF-16') ? undefined : firstNonAscii(start);
    if (foreign && encoding !== 'Shift_JIS')
      problems.push(
        problemAt(
          `line ${foreign.line}`,
          foreign.text,
          `non-ASCII text in a ${encoding} .reg: regedit reads a .reg without a UTF-16 byte-order mark in the ` +
            'system code page (Shift_JIS on Japanese Windows), so this text arrives garbled. Import the UTF-16LE ' +
            'copy (*.utf16.reg), or save the file as "Unicode" (UTF-16LE) in Notepad',
        ),
      );
    if (foreign && encoding === 'Shift_JIS')
      notes.push(
        'read as Shift_JIS: regedit reads it the same way only on a Windows whose code page is Japanese (932).',
      );
    return { ...fromRegFile(start, problems), notes };
  }
  if (looksLikeReg(start))
    throw new FormatError(
      `line 1: registry content without the header line "${REG_HEADER}"; regedit refuses such a file. ` +
        'Add that line (and an empty line) at the top.',
    );
  if (start.startsWith('<')) {
    let root: ReturnType<typeof parseXml>;
    try {
      root = parseXml(start);
    } catch (error) {
      throw new FormatError((error as Error).message);
    }
    const template = fromTemplate(root);
    if (template) return template;
    if (root.name !== 'plist') throw new FormatError(`unknown XML document <${root.name}>`);
    return fromPlistXml(root, name);
  }
  let json: unknown;
  let trailingCommas = false;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Chrome's policy files are read with JSON_ALLOW_TRAILING_COMMAS; Firefox's policies.json is not.
    try {
      json = JSON.parse(text.replace(/,(\s*[\]}])/g, '$1'));
      trailingCommas = true;
    } catch {
      throw new FormatError(`${jsonError(text, error as Error)}. (Not a .reg or XML/plist file either.)`);
    }
  }
  const extraction = fromJson(json, name);
  if (trailingCommas) {
    if (extraction.format.startsWith('Firefox'))
      extraction.fileProblems = [
        problemAt('(file)', name, 'a trailing comma: Firefox cannot parse this policies.json and applies none of it'),
      ];
    else notes.push('trailing commas: Chrome and Edge accept them in policy JSON files; strict JSON tools do not.');
  }
  if (encoding !== 'UTF-8' && encoding !== 'UTF-8 with BOM')
    extraction.fileProblems = [
      ...(extraction.fileProblems ?? []),
      problemAt('(file)', encoding, 'policy JSON must be UTF-8: Chrome, Edge and Firefox read nothing else'),
    ];
  return { ...extraction, notes: [...(extraction.notes ?? []), ...notes] };
}

// ---------------------------------------------------------------------------------------------------------------
// Policies to problems

/**
 * For Chrome, Edge and the Google Admin console: the shipped schema first (what they drop), then the extension's
 * parser on what they hand it. For Firefox: the parser on everything (Firefox checks nothing). For a plain policy
 * file (any browser): both, since it may end up in either.
 */
export function entryProblems(entry: PolicyEntry): { problems: Problem[]; adminKeys: string[] } {
  const problems: Problem[] = [...entry.problems];
  if (entry.policy === undefined) return { problems, adminKeys: [] };
  if (entry.browser === 'firefox') {
    const parsed = parsePolicy(entry.policy);
    problems.push(...parsed.problems.map((problem): Problem => ({ ...problem, effect: 'reported' })));
    return { problems, adminKeys: parsed.adminKeys };
  }
  const filtered = chromeFilter(entry.policy);
  problems.push(...filtered.problems);
  if (entry.browser === 'unknown') {
    const dropped = new Set(filtered.problems.map((problem) => problem.path));
    const parsed = parsePolicy(entry.policy);
    for (const problem of parsed.problems)
      if (!dropped.has(problem.path.split(/[.[]/)[0] as string)) problems.push({ ...problem, effect: 'reported' });
    return { problems, adminKeys: parsePolicy(filtered.delivered).adminKeys };
  }
  const parsed = parsePolicy(filtered.delivered);
  problems.push(...parsed.problems.map((problem): Problem => ({ ...problem, effect: 'reported' })));
  return { problems, adminKeys: parsed.adminKeys };
}

const EFFECT_TEXT = {
  dropped: { en: 'the browser never hands this value to the extension', ja: 'ブラウザーが値を捨てます' },
  reported: {
    en: 'the extension reports it and uses a safe value',
    ja: '拡張機能が誤りとして表示し、安全な値を使います',
  },
  'not-installed': {
    en: 'the browser installs nothing from this entry',
    ja: 'ブラウザーはこの指定から何もインストールしません',
  },
  warning: {
    en: 'works only under the condition named; not counted as a problem',
    ja: '書かれた条件のときだけ働きます（問題の数には数えません）',
  },
} as const;

const EFFECT_LABEL: Record<Problem['effect'], string> = {
  dropped: 'DROPPED',
  reported: 'REPORTED',
  'not-installed': 'NOT INSTALLED',
  warning: 'WARNING',
};

export const formatProblem = (problem: Problem): string =>
  `${problem.path}: ${problem.reason} (${problem.value}) [${EFFECT_LABEL[problem.effect]}]`;

const failing = (problems: Problem[]) => problems.filter((problem) => problem.effect !== 'warning');

export interface EntryReport {
  label: string;
  id?: string;
  /** The policy as the file gives it to the browser. */
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
  /** Problems of the file as a whole. */
  fileProblems: Problem[];
  /** The printed report, line by line. */
  lines: string[];
}

function report(file: string, extraction: Extraction, onlyId?: string): CheckReport {
  const lines = [`File: ${file}`, `Format: ${extraction.format}`];
  for (const note of extraction.notes ?? []) lines.push(`Note: ${note}`);
  const fileProblems = [...(extraction.fileProblems ?? [])];
  if (fileProblems.length) {
    lines.push('The file:');
    lines.push(...fileProblems.map((problem) => `  ${formatProblem(problem)}`));
  }
  const deployment = extraction.deployment;
  if (deployment) {
    lines.push('Deployment (what this file installs or whom it addresses):');
    lines.push(...deployment.lines.map((line) => `  ${line}`));
    lines.push(...deployment.findings.map((problem) => `  ${formatProblem(problem)}`));
  }
  const deploymentFindings = deployment?.findings ?? [];
  if (extraction.notPolicy && !deployment) {
    lines.push(
      `Not a policy: ${extraction.notPolicy}`,
      '結果: このファイルにはポリシーの値がありません（確認できません）。',
    );
    return { file, format: extraction.format, exitCode: fileProblems.length ? 1 : 2, entries: [], fileProblems, lines };
  }
  const wanted = extraction.entries.filter((entry) => !onlyId || entry.id === onlyId);
  if (!wanted.length && !deployment) {
    lines.push(`No policy for extension ${onlyId} in this file.`, `結果: 拡張機能 ${onlyId} のポリシーがありません。`);
    return { file, format: extraction.format, exitCode: 2, entries: [], fileProblems, lines };
  }
  const entries: EntryReport[] = [];
  for (const entry of wanted) {
    const { problems, adminKeys } = entryProblems(entry);
    if (entry.id && isDevelopmentId(entry.id)) problems.push(developmentIdWarning(entry.label, entry.id));
    entries.push({ label: entry.label, id: entry.id, policy: entry.policy, adminKeys, problems });
    lines.push(`${entry.label}:`);
    lines.push(`  keys the extension applies: ${adminKeys.length ? adminKeys.join(', ') : '(none)'}`);
    if (problems.length) lines.push(...problems.map((problem) => `  ${formatProblem(problem)}`));
    if (!failing(problems).length) lines.push('  OK');
  }
  fileProblems.push(...deploymentFindings);
  const everything = [...fileProblems, ...entries.flatMap((entry) => entry.problems)];
  const all = failing(everything);
  const failingEntries = entries.filter((entry) => failing(entry.problems).length).length;
  const checked = `${entries.length} ${entries.length === 1 ? 'policy' : 'policies'}`;
  for (const effect of ['dropped', 'reported', 'not-installed', 'warning'] as const)
    if (everything.some((problem) => problem.effect === effect))
      lines.push(`  [${EFFECT_LABEL[effect]}] ${EFFECT_TEXT[effect].en} / ${EFFECT_TEXT[effect].ja}`);
  if (all.some((problem) => problem.effect === 'dropped'))
    lines.push(
      '  Dropped values show in chrome://policy or edge://policy only as "Not set" (a misspelled key not at all), ' +
        'with no error; fix them before deploying.',
    );
  const warnings = everything.length - all.length;
  const warned = warnings ? `, ${warnings} warning(s)` : '';
  const warnedJa = warnings ? `、注意 ${warnings} 件` : '';
  if (all.length) {
    lines.push(`Summary: ${all.length} problem(s) in this file (${failingEntries} of ${checked})${warned}.`);
    lines.push(
      `結果: 問題が ${all.length} 件あります（ポリシー ${entries.length} 件中 ${failingEntries} 件${warnedJa}）。`,
    );
  } else {
    lines.push(
      `Summary: OK, ${checked} checked${deployment ? ' and its deployment entries' : ''}, no problems${warned}.`,
    );
    lines.push(`結果: 問題なし（ポリシー ${entries.length} 件を確認しました${warnedJa}）。`);
  }
  return { file, format: extraction.format, exitCode: all.length ? 1 : 0, entries, fileProblems, lines };
}

/** The core of the CLI, for tests: never throws, everything goes into the report. */
export function checkPolicyBytes(bytes: Uint8Array, file: string, onlyId?: string): CheckReport {
  try {
    return report(file, extractPolicies(bytes, file), onlyId);
  } catch (error) {
    const known = error instanceof FormatError;
    const lines = [
      `File: ${file}`,
      `${known ? 'Cannot read this file' : 'Unexpected error'}: ${(error as Error).message}`,
      '結果: 読み取れないファイルです（上の理由を確認してください）。',
    ];
    return { file, exitCode: 2, entries: [], fileProblems: [], lines };
  }
}
