import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Banner } from '../../content/banner';
import type { BackgroundToContent } from '../../src/messages';
import { captureShadowRoots, makeBannerMessage } from './support';

/** The banner's shadow root is closed: the test keeps the root attachShadow returned. */
let roots: ShadowRoot[];
beforeEach(() => {
  roots = captureShadowRoots();
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const host of document.querySelectorAll('meeting-guard-banner')) host.remove();
});

const state = (clauseText: string): BackgroundToContent =>
  makeBannerMessage({
    warnings: [
      { id: 'recording', clause: '21-no-e2e-breaking', clauseText, title: '録画されています', advice: '止めて' },
    ],
    labels: { heading: '注意', dismiss: '閉じる', procedure: '手順', clause: '根拠', minimize: '小さく' },
  });

describe('the banner cites the clause by its words, not only its id', () => {
  it('shows the clause id in a summary and its words inside, folded', () => {
    const banner = new Banner(() => {});
    banner.update(state('機密性2以上の情報を取り扱う場合は、録画機能等を可能な限り使用しないこと。'));
    const root = roots.at(-1);
    const clause = root?.querySelector<HTMLDetailsElement>('li[data-warning="recording"] details.clause');
    expect(clause?.dataset.clause).toBe('21-no-e2e-breaking');
    expect(clause?.open).toBe(false);
    expect(clause?.querySelector('summary')?.textContent).toBe('根拠: 21-no-e2e-breaking');
    expect(clause?.querySelector('q')?.textContent).toBe(
      '機密性2以上の情報を取り扱う場合は、録画機能等を可能な限り使用しないこと。',
    );
    // The dismiss button stays beside it.
    expect(clause?.parentElement?.querySelector('button')?.textContent).toBe('閉じる');
  });

  it('puts clause words in as text, never as HTML', () => {
    const banner = new Banner(() => {});
    banner.update(state('<img src=x onerror="alert(1)">'));
    const root = roots.at(-1);
    expect(root?.querySelector('img')).toBeNull();
    expect(root?.querySelector('details.clause q')?.textContent).toBe('<img src=x onerror="alert(1)">');
  });
});
