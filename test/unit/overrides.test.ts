import { parse as parseSelector } from 'css-what';
import { describe, expect, it } from 'vitest';
import { checkOverrides } from '../../src/policy/overrides';
import { defaultPolicy, type PolicyProblem, parsePolicy } from '../../src/policy/policy';
import { services } from '../../src/services';
import { isTextKey, type MeetingService } from '../../src/services/service';

const fakeZoom: MeetingService = {
  id: 'zoom',
  name: 'Zoom',
  matches: ['https://app.zoom.us/wc/*'],
  table: { recordingRunning: ['.stop'], recordingOnText: ['being recorded'], recordStart: ['button.record'] },
  onEvidenceKeys: { recording: ['recordingRunning', 'recordingOnText'] },
  read: () => null,
};

function check(selectorOverrides: unknown, customServices: unknown[] = []) {
  const policy = { ...defaultPolicy(), selectorOverrides, customServices } as ReturnType<typeof defaultPolicy>;
  const problems: PolicyProblem[] = [];
  checkOverrides(policy, problems, [fakeZoom]);
  return { overrides: policy.selectorOverrides, problems };
}

describe('selector overrides are checked against the adapters', () => {
  it('reports and drops a key the service does not have (a typo would otherwise do nothing)', () => {
    const { overrides, problems } = check({ zoom: { recordingRuning: { add: ['.x'] }, recordStart: { add: ['.y'] } } });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'selectorOverrides.zoom.recordingRuning',
        reason: expect.stringMatching(/unknown key/),
      }),
    ]);
    expect(overrides.zoom).toEqual({ recordStart: { add: ['.y'] } });
  });

  it('reports and drops an unknown service', () => {
    const { overrides, problems } = check({ zom: { recordStart: { add: ['.y'] } } });
    expect(problems[0]).toMatchObject({ path: 'selectorOverrides.zom', reason: 'unknown service (ignored)' });
    expect(overrides).toEqual({});
  });

  it('accepts the guard keys and notetaker names for every service, and the custom services it defines', () => {
    const { problems } = check(
      {
        zoom: { guardTranscription: { add: ['button.cc'] }, notetakerNameText: { add: ['議事録ボット'] } },
        'city-meet': { recordingOnText: { add: ['録画中'] }, inMeeting: { add: ['#leave'] } },
      },
      [{ id: 'city-meet', name: '市', matches: ['https://meet.city.example.jp/*'], table: {} }],
    );
    expect(problems).toEqual([]);
  });

  // Issue 19 (5f): replacing every recording key with a selector that matches nothing silenced the warning.
  it('never lets a replace remove the built-in entries of an "on" evidence key: its entries are added instead', () => {
    const { overrides, problems } = check({
      zoom: {
        recordingRunning: { replace: ['.matches-nothing'] },
        recordingOnText: { replace: [], add: ['録画中'] },
        recordStart: { replace: ['button.rec'] },
      },
    });
    expect(problems.map((problem) => problem.path)).toEqual([
      'selectorOverrides.zoom.recordingRunning.replace',
      'selectorOverrides.zoom.recordingOnText.replace',
    ]);
    expect(overrides.zoom).toEqual({
      recordingRunning: { add: ['.matches-nothing'] },
      recordingOnText: { add: ['録画中'] },
      // Not "on" evidence (the guard's start control): replace stays the admin's.
      recordStart: { replace: ['button.rec'] },
    });
    const emptied = check({ zoom: { recordingRunning: { replace: [] }, recordingOnText: { replace: [] } } });
    expect(emptied.problems).toHaveLength(2);
    expect(emptied.overrides.zoom).toEqual({});
  });

  it('reports an operation other than add or replace (a typo would do nothing)', () => {
    const { policy, problems } = parsePolicy({ selectorOverrides: { meet: { recordingOn: { ad: ['.rec'] } } } });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'selectorOverrides.meet.recordingOn.ad',
        reason: 'unknown operation (expected add or replace; ignored)',
      }),
    ]);
    expect(policy.selectorOverrides.meet).toEqual({});
  });

  it('parsePolicy validates label and text keys as text, and reports selectors put under a text key', () => {
    const { policy, problems } = parsePolicy({
      selectorOverrides: {
        meet: {
          captionsOnLabel: { add: ['Turn off captions (c)'] },
          recordingOnText: { add: ['録画中', 'div[data-recording]'] },
        },
      },
    });
    expect(policy.selectorOverrides.meet?.captionsOnLabel?.add).toEqual(['Turn off captions (c)']);
    expect(policy.selectorOverrides.meet?.recordingOnText?.add).toEqual(['録画中']);
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'selectorOverrides.meet.recordingOnText.add[1]',
        reason: expect.stringMatching(/looks like a CSS selector/),
      }),
    ]);
  });
});

describe.each(services.map((service) => [service.id, service] as const))('the %s table', (_id, service) => {
  it('holds text under keys ending in Text or Label and valid CSS selectors under every other key', () => {
    for (const [key, entries] of Object.entries(service.table))
      for (const entry of entries) {
        if (isTextKey(key)) continue;
        expect(() => parseSelector(entry), `${service.id}.${key}: "${entry}" must be a CSS selector`).not.toThrow();
      }
  });

  it('lists as "on" evidence keys only keys of its own table', () => {
    for (const [signal, keys] of Object.entries(service.onEvidenceKeys ?? {}))
      for (const key of keys ?? []) expect(service.table, `${service.id}.onEvidenceKeys.${signal}`).toHaveProperty(key);
  });
});
