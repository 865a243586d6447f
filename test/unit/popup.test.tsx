import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../popup/App';
import type { PopupApi } from '../../popup/api';
import type { CheckId } from '../../src/ids';
import type { PopupTabResponse } from '../../src/messages';
import { parsePolicy } from '../../src/policy/policy';
import { buildTabView, unreadableReading } from '../../src/view';
import { makeSnapshot } from './support';

function fakeApi(initial: Parameters<typeof buildTabView>[0], locale: 'ja' | 'en' = 'ja') {
  let memory = initial.memory;
  const respond = (): Promise<PopupTabResponse> =>
    Promise.resolve({ view: buildTabView({ ...initial, memory }), locale });
  let changed: ((tabId: number) => void) | undefined;
  const api: PopupApi = {
    getTabView: vi.fn(respond),
    peekTabView: vi.fn(respond),
    setClassification: vi.fn((_tab, classification) => {
      memory = classification ? { ...memory, classification } : {};
      return respond();
    }),
    confirmItem: vi.fn((_tab, item: CheckId, on: boolean) => {
      memory = { ...memory, confirmed: on ? [...(memory.confirmed ?? []), item] : [] };
      return respond();
    }),
    setApproval: vi.fn(respond),
    onTabChanged: (listener) => {
      changed = listener;
      return () => {
        changed = undefined;
      };
    },
  };
  return {
    api,
    notify: (tabId: number) => changed?.(tabId),
    setSnapshot: (s: typeof initial.snapshot) => (initial.snapshot = s),
  };
}

const meeting = () => ({
  tabId: 5,
  snapshot: makeSnapshot({
    title: '予算調整会議',
    role: 'participant',
    signals: { recording: 'on', transcription: 'on' },
  }),
  serviceName: 'Google Meet',
  memory: {},
  parsedPolicy: parsePolicy({}),
  browser: null,
});

const attr = (selector: string, name: string) => document.querySelector(selector)?.getAttribute(name);

describe('popup', () => {
  it('shows the warnings, the class picker and the checklist with the DOM contract', async () => {
    const { api } = fakeApi(meeting());
    render(<App tabId={5} api={api} />);
    await screen.findByText('録画されています');
    expect(
      [...document.querySelectorAll('[data-warning]')].map((element) => element.getAttribute('data-warning')),
    ).toEqual(['recording', 'transcription']);
    expect(attr('[data-check="21-no-e2e-breaking"]', 'data-status')).toBe('ng');
    expect(attr('[data-check="21-e2ee"]', 'data-status')).toBe('unknown');
    expect(screen.getAllByText('要確認').length).toBeGreaterThan(0);
    const radios = [...document.querySelectorAll<HTMLInputElement>('input[name="classification"]')];
    expect(radios.map((radio) => [radio.value, radio.checked])).toEqual([
      ['1', false],
      ['2', true],
      ['3', false],
    ]);
    expect(screen.getByText('組織の既定値')).toBeTruthy();
    expect(screen.getByText(/Google Meet/)).toBeTruthy();
    expect(screen.getByText('「予算調整会議」')).toBeTruthy();
  });

  it('marks the class through the API and shows the result', async () => {
    const { api } = fakeApi(meeting());
    render(<App tabId={5} api={api} />);
    await screen.findByText('録画されています');
    fireEvent.click(document.querySelector('input[name="classification"][value="1"]') as HTMLInputElement);
    await waitFor(() => expect(document.querySelectorAll('[data-warning]')).toHaveLength(0));
    expect(api.setClassification).toHaveBeenCalledWith(5, 1);
    expect(screen.getByText('あなたが指定')).toBeTruthy();
    expect(attr('[data-check="21-no-e2e-breaking"]', 'data-status')).toBe('na');
  });

  it('lets manual items be ticked', async () => {
    const { api } = fakeApi(meeting());
    render(<App tabId={5} api={api} />);
    await screen.findByText('録画されています');
    const box = document.querySelector('[data-check="21-headphones"] input[type="checkbox"]') as HTMLInputElement;
    fireEvent.click(box);
    await waitFor(() => expect(attr('[data-check="21-headphones"]', 'data-status')).toBe('confirmed'));
    expect(api.confirmItem).toHaveBeenCalledWith(5, '21-headphones', true);
    expect(document.querySelector('[data-check="21-no-e2e-breaking"] input[type="checkbox"]')).toBeNull();
  });

  it('says plainly when the tab is not a meeting, and follows the tab when it becomes one', async () => {
    const initial = { ...meeting(), snapshot: null };
    const { api, notify, setSnapshot } = fakeApi(initial, 'en');
    render(<App tabId={5} api={api} />);
    await screen.findByText(/not a web-meeting page/);
    expect(document.querySelector('[data-check]')).toBeNull();
    setSnapshot(meeting().snapshot);
    notify(5);
    await screen.findByText('This meeting is being recorded');
  });

  it('renders hostile page text as text', async () => {
    const hostile = { ...meeting(), snapshot: makeSnapshot({ title: '<img src=x onerror="alert(1)">' }) };
    const { api } = fakeApi(hostile);
    render(<App tabId={5} api={api} />);
    await screen.findByText('「<img src=x onerror="alert(1)">」');
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('popup for an outside meeting', () => {
  it('asks for the approval number and sends it', async () => {
    const initial = {
      ...meeting(),
      external: true,
      parsedPolicy: parsePolicy({ applicationUrl: 'https://apply.example.jp/' }),
    };
    const { api } = fakeApi(initial);
    render(<App tabId={5} api={api} />);
    await screen.findByText('外部組織の会議です');
    expect(document.querySelector('[data-warning="external-meeting"]')).not.toBeNull();
    expect(document.querySelector('.approval a')?.getAttribute('href')).toBe('https://apply.example.jp/');
    const input = document.querySelector('input[name="approval"]') as HTMLInputElement;
    fireEvent.input(input, { target: { value: ' R8-0123 ' } });
    fireEvent.submit(input.form as HTMLFormElement);
    expect(api.setApproval).toHaveBeenCalledWith(5, 'R8-0123');
    expect(document.querySelector('.locked')?.textContent).toContain('利用申請の URL');
  });
});

describe('popup on a meeting site that has not reported yet', () => {
  it('says it is still reading rather than "not a meeting"', async () => {
    const initial = { ...meeting(), snapshot: null };
    const base = fakeApi(initial);
    const api = {
      ...base.api,
      getTabView: async () => ({ ...(await base.api.getTabView(5)), onServiceSite: true }),
    };
    render(<App tabId={5} api={api} />);
    await screen.findByText(/読み取っています/);
  });
});

describe('popup evidence and unread items', () => {
  it('shows on request which table entry a warning rests on, and says when the evidence conflicts', async () => {
    const initial = meeting();
    initial.snapshot = makeSnapshot({
      role: 'participant',
      signals: { recording: 'on' },
      evidence: {
        recording: {
          on: [{ key: 'recordingRunning', match: '<b>.recording-indication__recording-icon</b>' }],
          off: [{ key: 'recordStart', match: 'button[aria-label="Record"]' }],
        },
      },
    });
    const { api } = fakeApi(initial);
    render(<App tabId={5} api={api} />);
    await screen.findByText('根拠: 画面の表示');
    const details = document.querySelector('[data-warning="recording"] details.evidence');
    expect(details?.getAttribute('data-evidence-on')).toBe('recordingRunning');
    // Page-derived text is shown as text, never as markup.
    expect(details?.querySelector('b')).toBeNull();
    expect(details?.textContent).toContain('<b>.recording-indication__recording-icon</b>');
    expect(details?.textContent).toContain('表示が食い違っています');
  });

  it('words "not read yet" and "never shown by this service" apart', async () => {
    const initial = { ...meeting(), serviceNeverShown: { passcode: 'google-meet-help-join' } };
    initial.snapshot = makeSnapshot({ role: 'host', signals: { recording: 'off' } });
    const { api } = fakeApi(initial);
    render(<App tabId={5} api={api} />);
    await screen.findByText(/このサービスはブラウザーでは表示しません/);
    expect(attr('.never', 'data-never-shown')).toBe('passcode');
    expect(attr('.not-read', 'data-not-read')).toBe('transcription translation aiNotes e2ee waitingRoom');
    expect(screen.getByText(/この画面からはまだ読み取れません（要確認）/)).toBeTruthy();
  });
});

describe('popup: meetings with a lifetime', () => {
  it('shows when the mark was made, and can keep it for this meeting beyond today', async () => {
    // The mark was made earlier the same day as "now": the test states both, so it means the same on any date.
    const initial = {
      ...meeting(),
      memory: { classification: 1 as const, classifiedAt: Date.parse('2026-12-02T09:00:00Z') },
      now: Date.parse('2026-12-02T09:05:00Z'),
    };
    const { api } = fakeApi(initial);
    render(<App tabId={5} api={api} />);
    const always = await screen.findByRole('checkbox', { name: /今日かぎりにしない/ });
    expect(attr('.since', 'data-since')).toBe('2026-12-02T09:00:00.000Z');
    fireEvent.click(always);
    expect(api.setClassification).toHaveBeenCalledWith(5, 1, true);
  });

  it('says the page cannot be read, rather than "reading…" forever, and every item resting on it is 要確認', async () => {
    const { api } = fakeApi({ ...meeting(), snapshot: unreadableReading('zoom') });
    render(<App tabId={5} api={api} />);
    await screen.findByText('この画面が会議中かどうか読み取れません（要確認）', { selector: '.page-unreadable' });
    expect(attr('.page-unreadable', 'data-page-unreadable')).toBe('true');
    expect(screen.queryByText(/会議ページを読み取っています/)).toBeNull();
    // At the default 機密性2 with the role unknown, every item the page would answer is shown and 要確認.
    for (const id of ['21-no-e2e-breaking', '21-e2ee', '21-passcode', '21-waiting-room'])
      expect(attr(`[data-check="${id}"]`, 'data-status'), id).toBe('unknown');
    // What is ok rests on the address and the policy (a permitted service), never on the unread page.
    const ok = [...document.querySelectorAll('[data-status="ok"]')].map((item) => item.getAttribute('data-check'));
    expect(
      ok.every((id) => ['21-permitted', '21-4', '21-device', '21-up-to-date'].includes(String(id))),
      ok.join(),
    ).toBe(true);
    // The banner's warning is the popup's too, and no phase is claimed for a page nobody read.
    expect(attr('[data-warning]', 'data-warning')).toBe('page-unreadable');
    expect(screen.queryByText('会議中')).toBeNull();
  });

  it('without a reading yet on a service site says it is reading, not that the page is unreadable', async () => {
    const initial = { ...meeting(), snapshot: null };
    const api = fakeApi(initial).api;
    api.getTabView = vi.fn(() =>
      Promise.resolve({ view: buildTabView(initial), locale: 'ja' as const, onServiceSite: true }),
    );
    render(<App tabId={5} api={api} />);
    await screen.findByText(/会議ページを読み取っています/);
    expect(document.querySelector('[data-page-unreadable]')).toBeNull();
  });
});
