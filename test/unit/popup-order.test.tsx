import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Options } from '../../options/Options';
import { App } from '../../popup/App';
import type { PopupApi } from '../../popup/api';
import { replyOrder } from '../../popup/latest';
import type { OptionsResponse, PopupTabResponse } from '../../src/messages';
import { effectivePolicy, type UserSettings } from '../../src/policy/effective';
import type { Classification } from '../../src/policy/policy';
import { parsePolicy } from '../../src/policy/policy';
import { buildTabView } from '../../src/view';
import { makeSnapshot } from './support';

/** A background whose replies the test releases one by one, in any order. */
function slowBackground() {
  let classification: Classification | undefined;
  const view = (): PopupTabResponse => ({
    locale: 'ja',
    view: buildTabView({
      tabId: 5,
      snapshot: makeSnapshot({ role: 'participant', signals: { recording: 'on' } }),
      serviceName: 'Google Meet',
      memory: classification ? { classification } : {},
      parsedPolicy: parsePolicy({}),
      browser: null,
    }),
  });
  const held: Array<{ what: string; release: () => void }> = [];
  /** The view is taken when background handles the request (now); the reply travels back when released. */
  const hold = (what: string) => {
    const reply = view();
    return new Promise<PopupTabResponse>((resolve) => held.push({ what, release: () => resolve(reply) }));
  };
  let changed: ((tabId: number) => void) | undefined;
  const api: PopupApi = {
    getTabView: () => Promise.resolve(view()),
    peekTabView: () => hold('peek'),
    setClassification(_tab, value) {
      classification = value ?? undefined;
      return hold(`set ${value}`);
    },
    confirmItem: () => hold('confirm'),
    setApproval: () => hold('approval'),
    onTabChanged(listener) {
      changed = listener;
      return () => {
        changed = undefined;
      };
    },
  };
  const release = async (what: string) => {
    const index = held.findIndex((entry) => entry.what === what);
    if (index < 0) throw new Error(`nothing held: ${what}`);
    held.splice(index, 1)[0]?.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { api, notify: () => changed?.(5), release };
}

const radio = (value: string) =>
  document.querySelector(`input[name="classification"][value="${value}"]`) as HTMLInputElement;
const checkedClass = () =>
  [...document.querySelectorAll<HTMLInputElement>('input[name="classification"]')].find((r) => r.checked)?.value;

describe('popup replies that arrive out of order', () => {
  it('a live update read before a click, answering after it, does not flip the radio back', async () => {
    const background = slowBackground();
    render(<App tabId={5} api={background.api} />);
    await screen.findByText('録画されています');
    expect(checkedClass()).toBe('2');
    background.notify(); // a snapshot arrived: a read of the view with class 2 (the default)
    fireEvent.click(radio('3'));
    await background.release('peek'); // the old view answers after the click
    expect(checkedClass()).toBe('3');
    await background.release('set 3');
    await waitFor(() => expect(screen.getByText('あなたが指定')).toBeTruthy());
    expect(checkedClass()).toBe('3');
  });

  it('of two quick changes only the last one shows, whichever answers last', async () => {
    const background = slowBackground();
    render(<App tabId={5} api={background.api} />);
    await screen.findByText('録画されています');
    fireEvent.click(radio('3'));
    fireEvent.click(radio('1'));
    await background.release('set 1');
    expect(checkedClass()).toBe('1');
    expect(document.querySelectorAll('[data-warning]')).toHaveLength(0);
    await background.release('set 3');
    expect(checkedClass()).toBe('1');
    expect(document.querySelectorAll('[data-warning]')).toHaveLength(0);
  });

  it('a read started after a change has answered shows again (live updates keep working)', async () => {
    const background = slowBackground();
    render(<App tabId={5} api={background.api} />);
    await screen.findByText('録画されています');
    fireEvent.click(radio('1'));
    await background.release('set 1');
    expect(document.querySelectorAll('[data-warning]')).toHaveLength(0);
    background.notify();
    await background.release('peek');
    expect(checkedClass()).toBe('1');
  });
});

describe('options page replies that arrive out of order', () => {
  it('a records update read before a save, answering after it, does not undo the setting shown', async () => {
    const settings: { now: UserSettings } = { now: {} };
    const view = (): OptionsResponse => ({
      parsedPolicy: effectivePolicy(parsePolicy({}), settings.now),
      records: { records: [], total: 0, offset: 0 },
      locale: 'ja',
      installation: 'inst-1',
      delivery: { endpoint: '', waiting: 0 },
    });
    const held: Array<() => void> = [];
    const hold = () => {
      const reply = view();
      return new Promise<OptionsResponse>((resolve) => held.push(() => resolve(reply)));
    };
    let recordsChanged: (() => void) | undefined;
    let reads = 0;
    const api = {
      // The page's first read answers at once; later ones are held.
      get: () => (reads++ === 0 ? Promise.resolve(view()) : hold()),
      setUserSettings: (next: UserSettings) => {
        settings.now = next;
        return hold();
      },
      records: async () => view().records,
      exportRecords: async () => [],
      granted: async () => false,
      grant: async () => true,
      onRecordsChanged: (listener: () => void) => {
        recordsChanged = listener;
        return () => {};
      },
    };
    render(<Options api={api} />);
    await screen.findByText('自分の設定');
    const select = () => document.querySelector('[data-setting="defaultClassification"] select') as HTMLSelectElement;
    const source = () =>
      document.querySelector('[data-policy-key="defaultClassification"]')?.getAttribute('data-source');
    recordsChanged?.(); // a read of the old settings
    select().value = '3';
    fireEvent.change(select());
    held.splice(1, 1)[0]?.(); // the save answers first
    await waitFor(() => expect(source()).toBe('user'));
    held.splice(0, 1)[0]?.(); // then the old read
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(source()).toBe('user');
    expect(select().value).toBe('3');
  });
});

describe('replyOrder', () => {
  it('shows a read only if no change was made or under way between its start and its reply', () => {
    const order = replyOrder();
    const quiet = order.read();
    expect(quiet()).toBe(true);

    const before = order.read();
    const change = order.change();
    const during = order.read();
    expect(change()).toBe(true);
    expect(before()).toBe(false);
    expect(during()).toBe(false);

    const after = order.read();
    expect(after()).toBe(true);
  });

  it('of two reads, an older reply after a newer one is not shown', () => {
    const order = replyOrder();
    const first = order.read();
    const second = order.read();
    expect(second()).toBe(true);
    expect(first()).toBe(false);
  });

  it('of two changes, only the last counts, in either order of replies', () => {
    const order = replyOrder();
    const a = order.change();
    const b = order.change();
    expect(a()).toBe(false);
    expect(b()).toBe(true);
    const c = order.change();
    const d = order.change();
    expect(d()).toBe(true);
    expect(c()).toBe(false);
    expect(order.read()()).toBe(true);
  });
});
