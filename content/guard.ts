/**
 * Guard actions (policy `e2eBreakingFeatures`): at class 2 or 3, 'confirm' stops a click on a
 * control that starts recording, transcription/captions, translation or AI notes and asks first;
 * 'block' refuses and explains. Only controls the adapter's table names are touched (never guess);
 * nothing of the page is hidden or restyled: the question is our own dialog in a closed shadow root.
 */
import type { WarningId } from '../src/ids';
import type { BackgroundToContent } from '../src/messages';
import { E2E_BREAKING_RULES } from '../src/rules';
import type { SelectorTable } from '../src/services/service';
import { element } from './dom';

export type GuardDecision = 'proceeded' | 'cancelled' | 'blocked';

const STYLE = `
:host { all: initial; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.45); display: grid; place-items: center;
  font: 14px/1.6 system-ui, "Hiragino Sans", "Yu Gothic UI", "Meiryo", sans-serif; }
.dialog { background: #fff; color: #1b1b1b; max-width: 440px; margin: 16px; border-radius: 12px; border-top: 6px solid #b3261e;
  padding: 16px 20px; box-shadow: 0 8px 32px rgba(0,0,0,.4); }
h2 { margin: 0 0 8px; font-size: 16px; color: #8c1d18; }
blockquote { margin: 8px 0; padding: 6px 10px; background: #f6f1e4; border-left: 4px solid #b3261e; font-size: 13px; }
.buttons { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; }
button { font: inherit; padding: 6px 14px; border-radius: 8px; border: 1px solid #555; background: #fff; cursor: pointer; }
button.primary { background: #0b57d0; border-color: #0b57d0; color: #fff; }
button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
`;

export class Guard {
  #state: BackgroundToContent | null = null;
  #table: SelectorTable = {};
  /** The one control the person chose to go on with: its next click passes. */
  #allowed: Element | null = null;
  #open = false;

  constructor(
    private readonly onDecision: (warning: WarningId, decision: GuardDecision) => void,
    signal: AbortSignal,
  ) {
    // Capture phase on window: we see the click before the page's own handlers do.
    window.addEventListener('click', (event) => this.#onClick(event), { capture: true, signal });
  }

  setTable(table: SelectorTable): void {
    this.#table = table;
  }

  update(state: BackgroundToContent): void {
    this.#state = state;
  }

  #guardedFeature(target: EventTarget | null): { control: Element; warning: WarningId } | null {
    if (!(target instanceof Element)) return null;
    for (const { guardKey, warning } of E2E_BREAKING_RULES) {
      for (const selector of this.#table[guardKey] ?? []) {
        try {
          const control = target.closest(selector);
          if (control) return { control, warning };
        } catch {
          // An invalid selector from policy matches nothing.
        }
      }
    }
    return null;
  }

  #onClick(event: MouseEvent): void {
    const state = this.#state;
    if (!state || state.guard.mode === 'warn' || !state.guard.sensitive) return;
    const hit = this.#guardedFeature(event.target);
    if (!hit) return;
    if (this.#allowed === hit.control) {
      this.#allowed = null;
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (this.#open) return;
    if (state.guard.mode === 'block') {
      this.onDecision(hit.warning, 'blocked');
      this.#ask(state, hit.warning, false);
      return;
    }
    this.#ask(state, hit.warning, true).then((proceed) => {
      this.onDecision(hit.warning, proceed ? 'proceeded' : 'cancelled');
      if (!proceed) return;
      this.#allowed = hit.control;
      (hit.control as HTMLElement).click();
    });
  }

  /** Shows the question (confirm) or the refusal (block); resolves true only when the person chose to go on. */
  #ask(state: BackgroundToContent, warning: WarningId, canProceed: boolean): Promise<boolean> {
    const labels = state.guardLabels;
    const host = document.createElement('meeting-guard-dialog');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
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
    const stop = element('button', 'primary', canProceed ? labels.cancel : labels.close);
    buttons.append(stop);
    let proceed: HTMLElement | undefined;
    if (canProceed) {
      proceed = element('button', '', labels.proceed);
      buttons.append(proceed);
    }
    dialog.append(title, body, quote, buttons);
    backdrop.append(dialog);
    root.append(style, backdrop);
    document.documentElement.append(host);
    this.#open = true;
    const previousFocus = document.activeElement as HTMLElement | null;
    stop.focus();

    return new Promise((resolve) => {
      const finish = (answer: boolean) => {
        host.remove();
        this.#open = false;
        previousFocus?.focus?.();
        resolve(answer);
      };
      stop.addEventListener('click', () => finish(false));
      proceed?.addEventListener('click', () => finish(true));
      dialog.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') finish(false);
        // Keep Tab inside the dialog while it is open.
        if (event.key === 'Tab' && proceed) {
          event.preventDefault();
          (root.activeElement === stop ? proceed : stop).focus();
        }
      });
    });
  }
}
