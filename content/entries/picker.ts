/**
 * The picker (「この表示を教える」, issue 20): not a content script. Background injects it (background/
 * report-handlers.ts) into the meeting frames when the person asks for it from the popup, where the policy
 * allows it (detectionPicker). The person points at an indicator, notice or control; the picker proposes a
 * table entry that makes the frame's adapter read the chosen signal 'on' (src/picker.ts), outlines what it
 * matches now, shows the ready `selectorOverrides` entry to copy and attaches it to the tab's report. Its panel
 * is in a closed shadow root and shows page text only as text. Escape or 閉じる ends it; nothing of the page is
 * changed but the outlines it draws over it.
 */
import { type PickerSuggestion, validateSuggestion } from '../../src/detection-report';
import { matchedElements, overridesEntry, proposeEntry } from '../../src/picker';
import { services } from '../../src/services';
import type { SignalName } from '../../src/services/service';
import { runtime } from '../browser';
import { frameScope } from '../frame-scope';

type Labels = Record<string, string>;
const scope = globalThis as { meetingGuardPicker?: { start(signal: string, labels: Labels): boolean } };

const STYLE = `
:host { all: initial; }
.outline { position: fixed; pointer-events: none; z-index: 2147483646; border: 2px solid #c00; background: rgba(204,0,0,.08); }
.match { border-style: dashed; border-color: #06c; background: rgba(0,102,204,.08); }
.panel { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; max-width: 420px; font: 13px/1.5 system-ui, sans-serif;
  color: #111; background: #fff; border: 1px solid #888; border-radius: 6px; padding: 10px 12px; box-shadow: 0 2px 10px rgba(0,0,0,.3); }
.panel code { display: block; white-space: pre-wrap; word-break: break-all; background: #f3f3f3; padding: 6px; margin: 6px 0; font: 12px ui-monospace, monospace; }
.panel button { font: inherit; margin: 4px 6px 0 0; padding: 3px 10px; }
`;

function start(signal: string, labels: Labels): boolean {
  const runner = frameScope.meetingGuardContent?.reading();
  const service = runner ? services.find((candidate) => candidate.id === runner.service) : undefined;
  if (!runner || !service) return false;
  const stopAll = new AbortController();
  const host = document.createElement('meeting-guard-picker');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const hover = document.createElement('div');
  hover.className = 'outline';
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('data-picker', 'panel');
  root.append(style, hover, panel);
  document.documentElement.append(host);
  let picked: PickerSuggestion | null = null;
  let outlines: HTMLElement[] = [];

  const place = (box: HTMLElement, element: Element) => {
    const rect = element.getBoundingClientRect();
    Object.assign(box.style, {
      left: `${rect.left}px`,
      top: `${rect.top}px`,
      width: `${rect.width}px`,
      height: `${rect.height}px`,
    });
  };
  const button = (text: string, action: string, onClick: () => void) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = text;
    element.dataset.action = action;
    element.addEventListener('click', onClick, { signal: stopAll.signal });
    return element;
  };
  const line = (text: string) => {
    const element = document.createElement('div');
    element.textContent = text;
    return element;
  };
  const stop = () => {
    stopAll.abort();
    host.remove();
  };
  const hint = () => {
    panel.replaceChildren(
      line(`${labels.picker_hint ?? ''} (${labels.signalName ?? signal})`),
      button(labels.picker_close ?? '×', 'close', close),
    );
  };
  const close = () => {
    runtime.sendMessage({ type: 'picker-result', suggestion: picked }).catch(() => undefined);
    stop();
  };
  hint();
  const clearOutlines = () => {
    for (const outline of outlines) outline.remove();
    outlines = [];
  };
  const again = () => {
    clearOutlines();
    picked = null;
    hint();
  };

  const show = (suggestion: PickerSuggestion | null) => {
    clearOutlines();
    picked = suggestion;
    if (!suggestion) {
      panel.replaceChildren(
        line(labels.picker_none ?? ''),
        button(labels.picker_again ?? '', 'again', again),
        button(labels.picker_close ?? '', 'close', close),
      );
      return;
    }
    for (const element of matchedElements(document, suggestion)) {
      const box = document.createElement('div');
      box.className = 'outline match';
      place(box, element);
      root.append(box);
      outlines.push(box);
    }
    const entry = JSON.stringify({ selectorOverrides: overridesEntry(suggestion) }, null, 1);
    const code = document.createElement('code');
    code.dataset.picker = 'entry';
    code.textContent = entry;
    const copy = button(labels.picker_copy ?? '', 'copy', () => {
      void navigator.clipboard?.writeText(entry).then(
        () => {
          copy.textContent = labels.picker_copied ?? '';
        },
        () => undefined,
      );
    });
    panel.replaceChildren(
      line(`${labels.picker_signal ?? ''}: ${labels.signalName ?? signal}`),
      line(`${labels.picker_key ?? ''}: ${suggestion.key}`),
      line(`${labels.picker_matches ?? ''}: ${suggestion.matches}`),
      code,
      copy,
      button(labels.picker_attach ?? '', 'attach', close),
      button(labels.picker_again ?? '', 'again', again),
    );
  };

  const isOurs = (event: Event) => event.composedPath().includes(host);
  document.addEventListener(
    'mousemove',
    (event) => {
      if (isOurs(event) || !(event.target instanceof Element)) return;
      place(hover, event.target);
    },
    { capture: true, signal: stopAll.signal },
  );
  document.addEventListener(
    'click',
    (event) => {
      if (isOurs(event) || !(event.target instanceof Element)) return;
      // The click is the person's pointing, never a click on the meeting's own control.
      event.preventDefault();
      event.stopImmediatePropagation();
      const current = frameScope.meetingGuardContent?.reading();
      const suggestion = proposeEntry(event.target, signal as SignalName, {
        doc: document,
        url: new URL(location.href),
        service,
        table: current?.table ?? runner.table,
      });
      show(validateSuggestion(suggestion));
    },
    { capture: true, signal: stopAll.signal },
  );
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Escape') close();
    },
    { capture: true, signal: stopAll.signal },
  );
  // Another frame's picker took the proposal: this one closes without a word.
  const onMessage = (message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'picker-stop') {
      if (!stopAll.signal.aborted) stop();
    }
    return undefined;
  };
  runtime.onMessage.addListener(onMessage);
  frameScope.meetingGuardContent?.signal.addEventListener('abort', stop, { signal: stopAll.signal });
  return true;
}

scope.meetingGuardPicker ??= { start };
