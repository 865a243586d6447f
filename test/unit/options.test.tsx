import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Options } from '../../options/Options';
import type { OptionsResponse } from '../../src/messages';
import { effectivePolicy, type UserSettings } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';

function fakeApi(admin: unknown) {
  const parsed = parsePolicy(admin);
  const records: OptionsResponse['records'] = [
    { at: '2026-11-26T01:00:00.000Z', event: 'warnings', service: 'meet', meetingId: 'abc', warnings: ['recording'] },
  ];
  const respond = (settings: UserSettings): OptionsResponse => ({
    parsedPolicy: effectivePolicy(parsed, settings),
    records,
    locale: 'ja',
  });
  return {
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
