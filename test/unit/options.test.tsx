import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Options } from '../../options/Options';
import type { OptionsResponse, RecordsPage } from '../../src/messages';
import { effectivePolicy, type UserSettings } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';
import type { RecordEntry } from '../../src/records';

function fakeApi(admin: unknown) {
  const parsed = parsePolicy(admin);
  const all: RecordEntry[] = Array.from({ length: 120 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    at: new Date(Date.UTC(2026, 10, 26, 1, i)).toISOString(),
    event: i % 2 ? 'warnings' : 'classification',
    version: '0.1.0',
    installation: 'inst-1',
    service: 'meet',
    meetingId: 'abc',
    warnings: ['recording'],
    ...(i % 2 ? {} : { classification: 3 as const }),
  }));
  const page = (offset: number, limit: number): RecordsPage => ({
    records: [...all]
      .reverse()
      .slice(offset, offset + limit)
      .map((record) => ({ record, delivery: 'pending' as const })),
    total: all.length,
    offset,
  });
  const respond = (settings: UserSettings): OptionsResponse => ({
    parsedPolicy: effectivePolicy(parsed, settings),
    records: page(0, 50),
    locale: 'ja',
    installation: 'inst-1',
    delivery: {
      endpoint: 'https://logs.city.example.jp/records',
      waiting: 120,
      lastError: { at: '2026-11-26T03:00:00.000Z', status: 503, message: 'Service Unavailable' },
    },
  });
  return {
    all,
    records: vi.fn(async (offset: number, limit: number) => page(offset, limit)),
    exportRecords: vi.fn(async () => all),
    get: vi.fn(async () => respond({})),
    setUserSettings: vi.fn(async (settings: UserSettings) => respond(settings)),
    granted: vi.fn(async () => false),
    grant: vi.fn(async () => true),
  };
}

const source = (key: string) => document.querySelector(`[data-policy-key="${key}"]`)?.getAttribute('data-source');

describe('options page', () => {
  it("shows each value's source and the problems with key, value and reason", async () => {
    render(<Options api={fakeApi({ organizationName: '例示市', defaultClassification: 'high', locale: 'fr' })} />);
    await screen.findByText('ポリシーの問題');
    expect(source('organizationName')).toBe('admin');
    expect(source('defaultClassification')).toBe('default');
    expect(document.querySelector('.problems')?.getAttribute('data-problem-count')).toBe('2');
    const row = document.querySelector('[data-problem="defaultClassification"]');
    expect(row?.textContent).toContain('"high"');
    expect(row?.textContent).toContain('整数を指定してください');
    expect(document.querySelector('[data-record="warnings"]')?.textContent).toContain('recording');
  });

  it('lets the person tighten a setting, and shows the admin lock', async () => {
    const api = fakeApi({ e2eBreakingFeatures: 'confirm', locale: 'ja' });
    render(<Options api={api} />);
    await screen.findByText('自分の設定');
    const select = document.querySelector('[data-setting="defaultClassification"] select') as HTMLSelectElement;
    select.value = '3';
    fireEvent.change(select);
    await waitFor(() => expect(source('defaultClassification')).toBe('user'));
    expect(api.setUserSettings).toHaveBeenCalledWith({ defaultClassification: 3 });
    expect(document.querySelector('[data-setting="e2eBreakingFeatures"] .lock')).not.toBeNull();
    expect((document.querySelector('[data-setting="locale"] select') as HTMLSelectElement).disabled).toBe(true);
  });
});

describe('options page: records and delivery', () => {
  it('shows the delivery status with the HTTP status of the last error', async () => {
    render(<Options api={fakeApi({ reportEndpoint: 'https://logs.city.example.jp/records' })} />);
    await screen.findByText('記録の送信');
    const section = document.querySelector('.delivery');
    expect(section?.getAttribute('data-waiting')).toBe('120');
    expect(section?.querySelector('.last-error')?.getAttribute('data-status')).toBe('503');
    expect(section?.querySelector('.last-error')?.textContent).toContain('HTTP 503');
    expect(section?.querySelector('.installation')?.textContent).toBe('inst-1');
  });

  it('shows each record with its event and id, a page at a time', async () => {
    const api = fakeApi({});
    render(<Options api={api} />);
    await screen.findByText('確認と警告の記録');
    const ids = () =>
      [...document.querySelectorAll('[data-record-id]')].map((row) => row.getAttribute('data-record-id'));
    expect(ids()).toHaveLength(50);
    expect(ids()[0]).toBe(api.all[119]?.id);
    expect(document.querySelector(`[data-record-id="${api.all[119]?.id}"]`)?.getAttribute('data-record')).toBe(
      'warnings',
    );
    fireEvent.click(document.querySelector('.records .older') as HTMLElement);
    await waitFor(() => expect(ids()[0]).toBe(api.all[69]?.id));
    fireEvent.click(document.querySelector('.records .older') as HTMLElement);
    await waitFor(() => expect(ids()).toHaveLength(20));
    expect(ids().at(-1)).toBe(api.all[0]?.id);
    expect((document.querySelector('.records .older') as HTMLButtonElement).disabled).toBe(true);
    expect(api.records).toHaveBeenCalledWith(100, 50);
  });

  it('masks the report token in the policy table', async () => {
    render(<Options api={fakeApi({ reportToken: 'secret-token-123' })} />);
    await screen.findByText('確認と警告の記録');
    const row = document.querySelector('[data-policy-key="reportToken"]');
    expect(row?.textContent).not.toContain('secret-token-123');
    expect(row?.getAttribute('data-source')).toBe('admin');
  });
});

describe('options page: custom services', () => {
  it("lists the admin's custom services and asks for the site when the person grants it", async () => {
    const api = fakeApi({
      customServices: [
        { id: 'city-jitsi', name: '市の Jitsi', matches: ['https://meet.city.example.jp/*'], base: 'jitsi' },
      ],
    });
    render(<Options api={api} />);
    const button = await screen.findByText('このサイトを許可');
    expect(document.querySelector('[data-custom-service="city-jitsi"]')?.getAttribute('data-granted')).toBe('false');
    fireEvent.click(button);
    await waitFor(() =>
      expect(document.querySelector('[data-custom-service="city-jitsi"]')?.getAttribute('data-granted')).toBe('true'),
    );
    expect(api.grant).toHaveBeenCalledWith(['https://meet.city.example.jp/*']);
  });
});

describe('options page: when background fails', () => {
  it('a save that fails says so, shows the setting background still holds, and clears once a save succeeds', async () => {
    const api = fakeApi({});
    api.setUserSettings.mockRejectedValueOnce(new Error('storage quota'));
    render(<Options api={api} />);
    await screen.findByText('自分の設定');
    const select = () => document.querySelector('[data-setting="defaultClassification"] select') as HTMLSelectElement;
    const before = select().value;
    select().value = '3';
    fireEvent.change(select());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('設定を保存できませんでした');
    expect(alert.textContent).toContain('storage quota');
    expect(select().value).toBe(before);
    expect(source('defaultClassification')).toBe('default');

    select().value = '3';
    fireEvent.change(select());
    await waitFor(() => expect(source('defaultClassification')).toBe('user'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a page that cannot load says why, rather than loading forever', async () => {
    const api = fakeApi({});
    api.get.mockRejectedValueOnce(new Error('background gone'));
    render(<Options api={api} />);
    const main = await waitFor(() => {
      const found = document.querySelector('main.error');
      if (!found) throw new Error('not yet');
      return found;
    });
    expect(main.textContent).toContain('background gone');
  });
});
