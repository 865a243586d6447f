/**
 * The in-page warning banner: plain DOM in a closed shadow root (no framework on the meeting page),
 * text only through textContent. It sits at the left edge, vertically centred, where none of the
 * services keep their controls or their own recording indicators (those are top and bottom bars);
 * it never hides or restyles anything of the page: a vendor's own recording notice must stay as the vendor shows it.
 */

import type { WarningId } from '../src/ids';
import type { BackgroundToContent } from '../src/messages';
import STYLE from './banner.css?inline';
import { element } from './dom';

export class Banner {
  readonly #host = document.createElement('meeting-guard-banner');
  readonly #root = this.#host.attachShadow({ mode: 'closed' });
  #state: BackgroundToContent | null = null;
  #minimized = false;
  #shownIds = new Set<WarningId>();

  constructor(private readonly onDismiss: (warning: WarningId) => void) {
    const style = document.createElement('style');
    style.textContent = STYLE;
    this.#root.append(style);
  }

  #rendered = '';

  update(state: BackgroundToContent): void {
    const visible = state.warnings.filter((warning) => !state.dismissed.includes(warning.id));
    // Background re-sends the same picture after every snapshot: leave the page's layout alone then.
    const signature = JSON.stringify([visible, state.labels, state.procedureUrl, state.locale]);
    if (signature === this.#rendered) return;
    this.#rendered = signature;
    // A warning that was not shown before brings a minimized banner back.
    if (visible.some((warning) => !this.#shownIds.has(warning.id))) this.#minimized = false;
    this.#shownIds = new Set(visible.map((warning) => warning.id));
    this.#state = { ...state, warnings: visible };
    this.#render();
  }

  remove(): void {
    this.#host.remove();
  }

  #render(): void {
    const state = this.#state;
    for (const node of [...this.#root.childNodes]) if (node.nodeName !== 'STYLE') node.remove();
    if (!state || state.warnings.length === 0) {
      this.#host.remove();
      return;
    }
    if (!this.#host.isConnected) document.documentElement.append(this.#host);
    this.#root.append(this.#minimized ? this.#pill(state) : this.#panel(state));
  }

  #pill(state: BackgroundToContent): HTMLElement {
    const pill = element('button', 'pill', `⚠ ${state.labels.heading} (${state.warnings.length})`);
    pill.addEventListener('click', () => {
      this.#minimized = false;
      this.#render();
    });
    return pill;
  }

  #panel(state: BackgroundToContent): HTMLElement {
    const panel = element('section', 'panel');
    panel.setAttribute('role', 'alert');
    panel.lang = state.locale;
    const head = element('div', 'head');
    head.append(element('span', '', `⚠ ${state.labels.heading}`));
    const minimize = element('button', '', state.labels.minimize);
    minimize.addEventListener('click', () => {
      this.#minimized = true;
      this.#render();
    });
    head.append(minimize);
    const list = element('ul');
    for (const warning of state.warnings) {
      const item = element('li');
      item.dataset.warning = warning.id;
      item.append(element('div', 'title', warning.title), element('p', 'advice', warning.advice));
      // The clause folded: its id and source on one line, its words a click away (the banner stays small).
      const row = element('div', 'row');
      const clause = element('details', 'clause') as HTMLDetailsElement;
      clause.dataset.clause = warning.clause;
      clause.append(
        element('summary', '', `${state.labels.clause}: ${warning.clause}`),
        element('q', '', warning.clauseText),
      );
      row.append(clause);
      const dismiss = element('button', '', state.labels.dismiss);
      dismiss.setAttribute('aria-label', `${state.labels.dismiss}: ${warning.title}`);
      dismiss.addEventListener('click', () => this.onDismiss(warning.id));
      row.append(dismiss);
      item.append(row);
      list.append(item);
    }
    panel.append(head, list);
    if (state.procedureUrl.startsWith('https://')) {
      const foot = element('div', 'foot');
      const link = element('a', '', state.labels.procedure) as HTMLAnchorElement;
      link.href = state.procedureUrl;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      foot.append(link);
      panel.append(foot);
    }
    return panel;
  }
}
