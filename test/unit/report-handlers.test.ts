/**
 * Background's report handlers (background/report-handlers.ts) against fakes: the snapshot comes from the meeting
 * frames and is checked as page data; the signal offered first is the first E2E-breaking one left unknown (whatever
 * order storage hands the signals back in); the admin's policy turns reports and the picker off; a sent report is
 * a `detection-report` record.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  PICKER_SCRIPT_FILE,
  REPORT_SCRIPT_FILE,
  type ReportDeps,
  reportUiHandlers,
} from '../../background/report-handlers';
import type { TabState } from '../../background/store';
import { effectivePolicy, parseUserSettings } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';
import { makeSnapshot } from './support';

const FRAME = { address: 'example.webex.com/x', root: { tag: 'body', children: [{ tag: 'div', text: 'REC' }] } };

function setup(policy: Record<string, unknown> = {}, answers: unknown[] = [FRAME, { tag: '<script>' }]) {
  const snapshot = makeSnapshot({ service: 'webex' });
  // storage.session hands objects back with their keys in alphabetical order.
  const signals = Object.fromEntries(Object.entries(snapshot.signals).sort(([a], [b]) => a.localeCompare(b)));
  const state = { frames: { '0': { ...snapshot, signals }, '5': snapshot } } as unknown as TabState;
  let call = 0;
  const executeScript = vi.fn(async (options: { files?: string[] }) =>
    options.files ? [] : [{ result: answers[call++ % answers.length] }],
  );
  const record = vi.fn(async (entry: object) => ({ id: 'r-1', ...entry }));
  const deps = {
    browser: {
      scripting: { executeScript },
      storage: { session: { get: async () => ({}), set: async () => undefined, remove: async () => undefined } },
      tabs: { sendMessage: async () => undefined },
    },
    store: { loadTab: async () => state },
    policy: async () => effectivePolicy(parsePolicy(policy), parseUserSettings({})),
    recorder: { record },
    locale: () => 'ja',
    rules: { status: async () => ({ url: '' }), refresh: async () => ({ url: '' }) },
  } as unknown as ReportDeps;
  return { handlers: reportUiHandlers(deps), executeScript, record };
}

describe('reportUiHandlers', () => {
  it('captures the meeting frames, keeps what passes the checks, and offers recording first', async () => {
    const { handlers, executeScript } = setup({ reportEndpoint: 'https://records.example.jp/records' });
    const draft = await handlers['capture-report']({ tabId: 3 });
    if (!draft.ok) throw new Error(draft.reason);
    expect(draft.report.signal).toBe('recording');
    expect(draft.report.frames).toEqual([FRAME]);
    expect(draft.endpoint).toBe(true);
    const injected = executeScript.mock.calls.map(([options]) => options as { files?: string[]; target: object });
    expect(injected.filter((options) => options.files?.[0] === REPORT_SCRIPT_FILE).map((o) => o.target)).toEqual([
      { tabId: 3, frameIds: [0] },
      { tabId: 3, frameIds: [5] },
    ]);
  });

  it('sends a report as a detection-report record', async () => {
    const { handlers, record } = setup();
    const draft = await handlers['capture-report']({ tabId: 3 });
    if (!draft.ok) throw new Error(draft.reason);
    const sent = await handlers['send-report']({ tabId: 3, report: draft.report });
    expect(sent).toEqual(expect.objectContaining({ ok: true, delivery: 'file' }));
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'detection-report', service: 'webex', detail: 'recording missed' }),
    );
  });

  it('does nothing when the admin turned reports or the picker off', async () => {
    const off = setup({ detectionReports: false });
    expect(await off.handlers['capture-report']({ tabId: 3 })).toEqual({ ok: false, reason: 'reports-off' });
    expect(off.executeScript).not.toHaveBeenCalled();
    const noPicker = setup({ detectionPicker: false });
    expect(await noPicker.handlers['start-picker']({ tabId: 3, signal: 'recording' })).toEqual({ ok: false });
    expect(
      noPicker.executeScript.mock.calls.some(([o]) => (o as { files?: string[] }).files?.[0] === PICKER_SCRIPT_FILE),
    ).toBe(false);
  });
});
