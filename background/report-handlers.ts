/**
 * The repair loop's handlers (issue 20): capture a report's structural snapshot, send it as a
 * `detection-report` record, start the picker, take its proposal, and show or refresh the signed rules.
 * The snapshot and picker scripts (content/entries/report.js, picker.js) are not content scripts: they are
 * injected here, on the person's request, into the frames whose content script runs (the meeting frames),
 * as the in-page UI is. Nothing is sent anywhere but the policy's reportEndpoint, as every record.
 */
import {
  type DetectionReport,
  MAX_FRAMES,
  type StructureFrame,
  validateFrames,
  validateSuggestion,
} from '../src/detection-report';
import { t } from '../src/i18n';
import type { ReportDraft, ReportSent } from '../src/messages';
import type { EffectivePolicy } from '../src/policy/effective';
import type { RulesStatus } from '../src/rules-document';
import type { SignalName } from '../src/services/service';
import { mergeFrames } from '../src/view';
import type { browser as realBrowser } from './browser';
import type { Recorder } from './recorder';
import type * as realStore from './store';

export const REPORT_SCRIPT_FILE = 'content/entries/report.js';
export const PICKER_SCRIPT_FILE = 'content/entries/picker.js';

export interface ReportDeps {
  browser: Pick<typeof realBrowser, 'scripting' | 'storage' | 'tabs' | 'i18n'>;
  store: Pick<typeof realStore, 'loadTab'>;
  policy(): Promise<EffectivePolicy>;
  recorder: Pick<Recorder, 'record'>;
  locale(policy: EffectivePolicy): 'ja' | 'en';
  rules: { status(): Promise<RulesStatus>; refresh(): Promise<RulesStatus> };
}

const pickKey = (tabId: number) => `pick:${tabId}`;
const BREAKING: readonly SignalName[] = ['recording', 'transcription', 'translation', 'aiNotes'];

/** The frames whose content script runs (they reported, or asked for their tables), top frame first. */
async function meetingFrames(deps: ReportDeps, tabId: number): Promise<number[]> {
  const state = await deps.store.loadTab(tabId);
  const ids = new Set([...Object.keys(state.frames), ...Object.keys(state.runnerStarts ?? {})]);
  return [...ids].map(Number).sort((a, b) => a - b);
}

/** Runs `files` then `call` in each frame, one frame at a time (one that fails does not fail the others). */
async function inEachFrame<T>(
  deps: ReportDeps,
  tabId: number,
  frameIds: number[],
  file: string,
  call: { func: (...args: never[]) => T; args?: unknown[] },
): Promise<{ frameId: number; result: unknown }[]> {
  const out: { frameId: number; result: unknown }[] = [];
  for (const frameId of frameIds) {
    try {
      const target = { tabId, frameIds: [frameId] };
      await deps.browser.scripting.executeScript({ target, files: [file] });
      const [answer] = await deps.browser.scripting.executeScript({
        target,
        func: call.func as () => unknown,
        args: (call.args ?? []) as never[],
      });
      out.push({ frameId, result: answer?.result });
    } catch {
      // A frame gone meanwhile, or not ours to script: the others still count.
    }
  }
  return out;
}

/** Injected (serialised, so self-contained): the snapshot the report script offers in the frame's world. */
function captureInFrame(): unknown {
  return (globalThis as { meetingGuardReport?: { capture(): unknown } }).meetingGuardReport?.capture() ?? null;
}

/** Injected: starts the picker with the signal and the words it shows. */
function startPickerInFrame(signal: string, labels: Record<string, string>): unknown {
  const picker = (globalThis as { meetingGuardPicker?: { start(s: string, l: Record<string, string>): boolean } })
    .meetingGuardPicker;
  return picker?.start(signal, labels) ?? false;
}

export const PICKER_LABELS = [
  'picker_hint',
  'picker_signal',
  'picker_key',
  'picker_matches',
  'picker_none',
  'picker_copy',
  'picker_copied',
  'picker_attach',
  'picker_again',
  'picker_close',
] as const;

export function reportUiHandlers(deps: ReportDeps) {
  return {
    async 'capture-report'(message: { tabId: number }): Promise<ReportDraft> {
      const { policy } = await deps.policy();
      if (!policy.detectionReports) return { ok: false, reason: 'reports-off' };
      const state = await deps.store.loadTab(message.tabId);
      const reading = mergeFrames(Object.values(state.frames));
      const frameIds = (await meetingFrames(deps, message.tabId)).slice(0, MAX_FRAMES);
      if (!reading || !frameIds.length) return { ok: false, reason: 'no-meeting' };
      const answers = await inEachFrame(deps, message.tabId, frameIds, REPORT_SCRIPT_FILE, { func: captureInFrame });
      // What a frame answers is checked as anything from a page is: rebuilt field by field, or left out.
      const frames: StructureFrame[] = answers.flatMap(({ result }) => validateFrames([result]) ?? []);
      if (!frames.length) return { ok: false, reason: 'capture-failed' };
      const stored = (await deps.browser.storage.session.get(pickKey(message.tabId)))[pickKey(message.tabId)];
      const suggestion = validateSuggestion(stored) ?? undefined;
      // The first E2E-breaking signal the page leaves unknown, in the order the popup lists them.
      const missed = BREAKING.find((name) => reading.signals[name] === 'unknown') ?? 'recording';
      const report: DetectionReport = {
        service: reading.service,
        signal: suggestion?.signal ?? missed,
        problem: 'missed',
        note: '',
        frames,
        ...(suggestion ? { suggestion } : {}),
      };
      return {
        ok: true,
        report,
        endpoint: Boolean(policy.reportEndpoint),
        picker: policy.detectionPicker,
      };
    },

    async 'send-report'(message: { tabId: number; report: DetectionReport }): Promise<ReportSent> {
      const { policy } = await deps.policy();
      if (!policy.detectionReports) return { ok: false, reason: 'reports-off' };
      const { report } = message;
      const record = await deps.recorder.record({
        event: 'detection-report',
        service: report.service,
        detail: `${report.signal} ${report.problem}`,
        report,
      });
      await deps.browser.storage.session.remove(pickKey(message.tabId));
      return { ok: true, record, delivery: policy.reportEndpoint ? 'endpoint' : 'file' };
    },

    async 'start-picker'(message: { tabId: number; signal: SignalName }): Promise<{ ok: boolean }> {
      const parsed = await deps.policy();
      const { policy } = parsed;
      if (!policy.detectionReports || !policy.detectionPicker) return { ok: false };
      const locale = deps.locale(parsed);
      const labels = Object.fromEntries(PICKER_LABELS.map((key) => [key, t(locale, key)]));
      labels.signalName = t(locale, `signal_${message.signal}`);
      const frameIds = await meetingFrames(deps, message.tabId);
      const answers = await inEachFrame(deps, message.tabId, frameIds, PICKER_SCRIPT_FILE, {
        func: startPickerInFrame,
        args: [message.signal, labels],
      });
      return { ok: answers.some(({ result }) => result === true) };
    },

    'get-rules': (): Promise<RulesStatus> => deps.rules.status(),
    'refresh-rules': (): Promise<RulesStatus> => deps.rules.refresh(),
  };
}

export function reportContentHandlers(deps: ReportDeps) {
  return {
    async 'picker-result'(
      message: { suggestion: ReturnType<typeof validateSuggestion> },
      sender: { tabId: number },
    ): Promise<undefined> {
      const key = pickKey(sender.tabId);
      if (message.suggestion) await deps.browser.storage.session.set({ [key]: message.suggestion });
      // One picker at a time: the other frames' pickers close.
      await deps.browser.tabs.sendMessage(sender.tabId, { type: 'picker-stop' }).catch(() => undefined);
      return undefined;
    },
  };
}
