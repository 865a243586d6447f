import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Options } from '../../options/Options';
import { parsePolicy } from '../../src/policy/policy';

describe('options page', () => {
  it("shows each value's source and the problems with key, value and reason", async () => {
    const parsedPolicy = parsePolicy({ organizationName: '例示市', defaultClassification: 'high', locale: 'fr' });
    const records = [
      {
        at: '2026-11-26T01:00:00.000Z',
        event: 'warnings' as const,
        service: 'meet',
        meetingId: 'abc',
        warnings: ['recording' as const],
      },
    ];
    render(
      <Options
        api={{ get: () => Promise.resolve({ parsedPolicy, records, locale: 'ja' }), clearRecords: async () => ({}) }}
      />,
    );
    await screen.findByText('ポリシーの問題');
    expect(document.querySelector('[data-policy-key="organizationName"]')?.getAttribute('data-source')).toBe('admin');
    expect(document.querySelector('[data-policy-key="defaultClassification"]')?.getAttribute('data-source')).toBe(
      'default',
    );
    expect(document.querySelector('.problems')?.getAttribute('data-problem-count')).toBe('2');
    const row = document.querySelector('[data-problem="defaultClassification"]');
    expect(row?.textContent).toContain('"high"');
    expect(row?.textContent).toContain('expected a whole number');
    expect(document.querySelector('[data-record="warnings"]')?.textContent).toContain('recording');
  });
});
