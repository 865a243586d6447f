/**
 * Guard actions (policy `e2eBreakingFeatures`): at class 2 or 3, 'confirm' stops the person starting recording,
 * transcription/captions, translation or AI notes and asks first; 'block' refuses and explains. It stops:
 * - pointer activation of a control the adapter's table names (`guard*` keys by selector, `guard*Text` by its exact
 *   name: src/services/read.ts isNamedControl): pointerdown, mousedown, pointerup,
 *   mouseup, touch and click, since some services act on pointerdown rather than click;
 * - keyboard activation of such a control (Enter or Space while it has focus);
 * - the service's own documented keyboard shortcuts for the features (src/guard-shortcuts.ts), except a plain
 *   letter typed into a text field and anything typed while an IME is composing.
 * A feature already on (its warning is active) is not guarded: a toggle or a shortcut then turns it off, which
 * must stay possible, and there is nothing left to stop.
 * Only events the browser marks trusted are judged: a page script's synthetic click is not a person. Controls are
 * found through the event's composed path, so an open shadow root does not hide them. Nothing of the page is
 * hidden or restyled: the question is our own dialog in a closed shadow root, and if the page removes it the
 * guard counts the question as cancelled and asks afresh next time.
 */

import { guardShortcutsFor, shortcutFeature } from '../src/guard-shortcuts';
import type { WarningId } from '../src/ids';
import type { BackgroundToContent, GuardTrigger } from '../src/messages';
import { E2E_BREAKING_RULES } from '../src/rules';
import { is, isNamedControl } from '../src/services/read';
import type { SelectorTable } from '../src/services/service';
import { element } from './dom';
import STYLE from './guard.css?inline';

export type GuardDecision = 'proceeded' | 'cancelled' | 'blocked';
export type { GuardTrigger };

export interface GuardOptions {
  /**
   * The service reading the frame and its table, asked at each event (content/run.ts's current reading, so the
   * admin's pushed tables apply at once); none: nothing to guard. The service's shortcuts follow from its id.
   */
  reading: () => { service: string; table: SelectorTable } | undefined;
  /** Whether an event comes from the person; tests inject this (happy-dom's events are never trusted). */
  isTrusted?: (event: Event) => boolean;
}

/** The parts of a pointer gesture on a control; all are stopped, the dialog opens at the click. */
const POINTER_EVENTS = ['pointerdown', 'mousedown', 'touchstart', 'pointerup', 'mouseup', 'touchend', 'click'] as const;
const KEY_EVENTS = ['keydown', 'keypress', 'keyup'] as const;
/** Input types where a letter is just a letter. */
const TEXT_INPUTS = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time']);
const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

interface Replay {
  target: EventTarget;
  event: Event;
}

interface Hit {
  warning: WarningId;
  trigger: GuardTrigger;
  /** Copies of the stopped events and where each was aimed, to send again if the person chooses to go on. */
  replay: Replay[];
}

export class Guard {
  #state: BackgroundToContent | null = null;
  readonly #reading: GuardOptions['reading'];
  readonly #isTrusted: (event: Event) => boolean;
  /** The open dialog's host element and how to close it; null when no question is open. */
  #open: { host: Element; close: (answer: boolean) => void } | null = null;
  /** The pointer gesture being stopped: its control and the events seen so far. */
  #gesture: { control: Element; events: Replay[] } | null = null;
  /** True while we send the stopped events again after "go on": our own listeners let them pass. */
  #replaying = false;

  constructor(
    private readonly onDecision: (warning: WarningId, decision: GuardDecision, trigger: GuardTrigger) => void,
    signal: AbortSignal,
    options: GuardOptions,
  ) {
    this.#reading = options.reading;
    this.#isTrusted = options.isTrusted ?? ((event) => event.isTrusted);
    // Capture phase on window: we see each event before the page's own handlers do.
    const listen = { capture: true, signal };
    for (const type of POINTER_EVENTS) window.addEventListener(type, (event) => this.#onPointer(event), listen);
    for (const type of KEY_EVENTS)
      window.addEventListener(type, (event) => this.#onKey(event as KeyboardEvent), listen);
    signal.addEventListener('abort', () => this.#open?.close(false));
  }

  update(state: BackgroundToContent): void {
    this.#state = state;
  }

  /** The guard acts only at 機密性2以上 with 'confirm' or 'block', on events from the person. */
  #active(event: Event): BackgroundToContent | null {
    const state = this.#state;
    if (this.#replaying || !state || state.guard.mode === 'warn' || !state.guard.sensitive) return null;
    if (!this.#isTrusted(event)) return null;
    // Events inside our own dialog are its own business.
    if (this.#open && event.composedPath().includes(this.#open.host)) return null;
    return state;
  }

  /**
   * The guarded control on the event's composed path (shadow DOM included), and the feature it starts; none for a
   * feature that is already on.
   */
  #guardedControl(event: Event, state: BackgroundToContent): { control: Element; warning: WarningId } | null {
    const on = new Set(state.warnings.map((warning) => warning.id));
    const table = this.#reading()?.table ?? {};
    for (const node of event.composedPath()) {
      if (!(node instanceof Element)) continue;
      // An invalid selector from policy matches nothing.
      for (const { guardKey, warning } of E2E_BREAKING_RULES)
        if (!on.has(warning) && (is(node, table[guardKey]) || isNamedControl(node, table[`${guardKey}Text`])))
          return { control: node, warning };
    }
    return null;
  }

  #onPointer(event: Event): void {
    const state = this.#active(event);
    if (!state) return;
    const hit = this.#guardedControl(event, state);
    if (!hit) return;
    stop(event);
    // A gesture starts at its first event on the control; a click alone (e.g. from assistive technology) is one too.
    if (!this.#gesture || this.#gesture.control !== hit.control || event.type === 'pointerdown')
      this.#gesture = { control: hit.control, events: [] };
    // The deepest element hit (an icon inside the button), as the page's delegated handlers expect it.
    this.#gesture.events.push({ target: event.composedPath()[0] ?? hit.control, event: copy(event) });
    if (event.type !== 'click') return;
    const { events } = this.#gesture;
    this.#gesture = null;
    this.#decide(state, { warning: hit.warning, trigger: 'pointer', replay: events });
  }

  #onKey(event: KeyboardEvent): void {
    const state = this.#active(event);
    if (!state || event.isComposing || event.key === 'Process') return;
    const activation = event.key === 'Enter' || event.key === ' ' || event.key === 'Spacebar';
    const control = activation ? this.#guardedControl(event, state) : null;
    if (control) {
      stop(event);
      if (event.type !== 'keydown' || event.repeat) return;
      // Send again what the browser would have done: a native control clicks on Enter's press, on Space's release.
      const click = isNativelyActivated(control.control)
        ? [new MouseEvent('click', { bubbles: true, cancelable: true, composed: true })]
        : [];
      const release = new KeyboardEvent('keyup', event);
      const events = event.key === 'Enter' ? [copy(event), ...click, release] : [copy(event), release, ...click];
      const replay = events.map((copied) => ({ target: control.control, event: copied }));
      this.#decide(state, { warning: control.warning, trigger: 'keyboard', replay });
      return;
    }
    const target = event.composedPath()[0] ?? event.target;
    const shortcut = shortcutFeature(guardShortcutsFor(this.#reading()?.service ?? ''), event);
    if (!shortcut) return;
    // In a text field a plain letter is text; a combination with Alt, Ctrl or ⌘ still reaches the service.
    const { alt, ctrl, meta } = shortcut.shortcut.combo;
    if (!alt && !ctrl && !meta && target instanceof Element && isTextEntry(target)) return;
    const rule = E2E_BREAKING_RULES.find((candidate) => candidate.signal === shortcut.signal);
    // Already on: the same key turns it off.
    if (!rule || state.warnings.some((warning) => warning.id === rule.warning)) return;
    stop(event);
    if (event.type !== 'keydown' || event.repeat || !target) return;
    this.#decide(state, {
      warning: rule.warning,
      trigger: 'shortcut',
      replay: [copy(event), new KeyboardEvent('keyup', event)].map((copied) => ({ target, event: copied })),
    });
  }

  #decide(state: BackgroundToContent, hit: Hit): void {
    // A page that removed our dialog does not leave the guard stuck "open": that question counts as cancelled.
    if (this.#open && !this.#open.host.isConnected) this.#open.close(false);
    if (this.#open) return;
    if (state.guard.mode === 'block') {
      this.onDecision(hit.warning, 'blocked', hit.trigger);
      void this.#ask(state, hit.warning, false);
      return;
    }
    this.#ask(state, hit.warning, true).then((proceed) => {
      this.onDecision(hit.warning, proceed ? 'proceeded' : 'cancelled', hit.trigger);
      if (proceed) this.#replay(hit);
    });
  }

  /** Sends the stopped events again, as the page would have had them; our own listeners let them through. */
  #replay(hit: Hit): void {
    this.#replaying = true;
    try {
      // A control the page removed meanwhile gets nothing: the person can try again on the new one.
      for (const { target, event } of hit.replay)
        if (!(target instanceof Node) || target.isConnected) target.dispatchEvent(event);
    } finally {
      this.#replaying = false;
    }
  }

  /** Shows the question (confirm) or the refusal (block); resolves true only when the person chose to go on. */
  #ask(state: BackgroundToContent, warning: WarningId, canProceed: boolean): Promise<boolean> {
    const labels = state.guardLabels;
    const host = document.createElement('meeting-guard-dialog');
    // Inline and important: a page style cannot hide the question while the guard waits for its answer.
    host.style.cssText = 'display:block!important;visibility:visible!important';
    const root = host.attachShadow({ mode: 'closed' });
    const backdrop = element('div', 'backdrop');
    const dialog = element('div', 'dialog');
    dialog.setAttribute('role', 'alertdialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.lang = state.locale;
    const title = element('h2', '', canProceed ? labels.confirmTitle : labels.blockTitle);
    title.id = 'mg-guard-title';
    dialog.setAttribute('aria-labelledby', title.id);
    const feature = state.featureNames[warning] ?? warning;
    const body = element('p', '', `${feature}: ${canProceed ? labels.confirmBody : labels.blockBody}`);
    const quote = element('blockquote', '', `${labels.clause} 21-no-e2e-breaking — ${labels.clauseText}`);
    const buttons = element('div', 'buttons');
    const stopButton = element('button', 'primary', canProceed ? labels.cancel : labels.close);
    buttons.append(stopButton);
    let proceed: HTMLElement | undefined;
    if (canProceed) {
      proceed = element('button', '', labels.proceed);
      buttons.append(proceed);
    }
    dialog.append(title, body, quote, buttons);
    backdrop.append(dialog);
    root.append(element('style', '', STYLE), backdrop);
    // The person's clicks and keys in our dialog are ours: the page behind it does not get them.
    for (const type of [...POINTER_EVENTS, ...KEY_EVENTS])
      root.addEventListener(type, (event) => event.stopPropagation());
    document.documentElement.append(host);
    const previousFocus = document.activeElement as HTMLElement | null;
    stopButton.focus();

    return new Promise((resolve) => {
      // Noticing removal costs one observer of the root element's children, only while the question is open.
      const removal = new MutationObserver(() => {
        if (!host.isConnected) close(false);
      });
      removal.observe(document.documentElement, { childList: true });
      const close = (answer: boolean) => {
        if (this.#open?.host !== host) return;
        this.#open = null;
        removal.disconnect();
        host.remove();
        previousFocus?.focus?.();
        resolve(answer);
      };
      this.#open = { host, close };
      stopButton.addEventListener('click', () => close(false));
      proceed?.addEventListener('click', () => close(true));
      dialog.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') close(false);
        // Keep Tab inside the dialog while it is open.
        if (event.key === 'Tab' && proceed) {
          event.preventDefault();
          (root.activeElement === stopButton ? proceed : stopButton).focus();
        }
      });
    });
  }
}

function stop(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}

/** A copy of an event to dispatch later (the original cannot be dispatched twice). */
function copy(event: Event): Event {
  const Constructor = event.constructor as new (type: string, init: Event) => Event;
  try {
    return new Constructor(event.type, event);
  } catch {
    return new Event(event.type, { bubbles: true, cancelable: true, composed: true });
  }
}

/** Elements whose Enter/Space the browser turns into a click itself (a synthetic key event does not). */
function isNativelyActivated(control: Element): boolean {
  const tag = control.tagName;
  return tag === 'BUTTON' || tag === 'SUMMARY' || (tag === 'A' && control.hasAttribute('href')) || tag === 'INPUT';
}

/** Where a key is text being typed: a text field, a text area, an editable region, a textbox role. */
function isTextEntry(target: Element): boolean {
  if (target instanceof HTMLInputElement) return TEXT_INPUTS.has(target.type.toLowerCase());
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.closest('[contenteditable=""], [contenteditable="true"]'))
  )
    return true;
  return TEXT_ROLES.has(target.getAttribute('role') ?? '');
}
