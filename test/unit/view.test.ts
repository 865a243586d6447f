import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/policy';
import { browserFromUserAgent, buildTabView, meetingKey, mergeFrames, unreadableReading } from '../../src/view';
import { makeSnapshot } from './support';

describe('tab view', () => {
  it('merges frames: on wins, off needs a frame that saw it, the richer phase and role win', () => {
    const top = makeSnapshot({ phase: 'prejoin', signals: { recording: 'off', e2ee: 'off' } });
    const frame = makeSnapshot({ role: 'host', title: '定例', signals: { recording: 'on', passcode: 'on' } });
    const merged = mergeFrames([top, frame]);
    expect(merged?.signals).toMatchObject({ recording: 'on', e2ee: 'off', passcode: 'on', transcription: 'unknown' });
    expect(merged).toMatchObject({ phase: 'meeting', role: 'host', title: '定例' });
    expect(mergeFrames([])).toBeNull();
  });

  it('remembers meetings by id, or by address without the query', () => {
    expect(meetingKey(makeSnapshot(), 'https://meet.google.com/abc-defg-hij?x=1')).toBe('meet:abc-defg-hij');
    expect(meetingKey(makeSnapshot({ meetingId: null }), 'https://meet.google.com/abc?pwd=secret')).toBe(
      'meet:https://meet.google.com/abc',
    );
  });

  it('builds the whole picture: class, warnings, checklist, and what the page could not show', () => {
    const view = buildTabView({
      tabId: 7,
      snapshot: makeSnapshot({ title: '【機密性3】人事', signals: { recording: 'on' } }),
      memory: { confirmed: ['21-headphones'] },
      parsedPolicy: parsePolicy({ organizationName: '例示市' }),
      browser: null,
    });
    expect(view.classification).toEqual({ value: 3, source: 'title' });
    expect(view.warnings).toEqual(['recording']);
    expect(view.checklist.find((item) => item.id === '21-headphones')?.status).toBe('confirmed');
    expect(view.unreadable).toEqual(['transcription', 'translation', 'aiNotes', 'e2ee', 'passcode', 'waitingRoom']);
    // Without the service's vendor facts, everything unread is our gap, never "not shown by the service".
    expect(view.notReadYet).toEqual(view.unreadable);
    expect(view.neverShown).toEqual([]);
    expect(view.lockedKeys).toEqual(['organizationName']);
    expect(view.checklist.find((item) => item.id === '21-device')?.status).toBe('ok');
  });

  it('has nothing to evaluate without a snapshot', () => {
    const view = buildTabView({ tabId: 1, snapshot: null, memory: {}, parsedPolicy: parsePolicy({}), browser: null });
    expect(view).toMatchObject({ warnings: [], checklist: [], classification: null, meetingKey: null });
  });

  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      'chrome',
      156,
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
      'edge',
      140,
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'firefox', 140],
  ])('reads the browser from %s', (userAgent, name, major) => {
    expect(browserFromUserAgent(userAgent)).toEqual({ name, major });
  });

  it('tells what the service never shows (a vendor fact) apart from what was not read yet', () => {
    const view = buildTabView({
      tabId: 7,
      snapshot: makeSnapshot({ title: '【機密性2】', role: 'host', signals: { recording: 'off' } }),
      serviceNeverShown: { passcode: 'google-meet-help-join' },
      memory: {},
      parsedPolicy: parsePolicy({}),
      browser: null,
    });
    expect(view.neverShown).toEqual(['passcode']);
    expect(view.notReadYet).toEqual(['transcription', 'translation', 'aiNotes', 'e2ee', 'waitingRoom']);
  });

  it("keeps every frame's evidence when merging", () => {
    const outer = makeSnapshot({
      signals: { recording: 'off' },
      evidence: { recording: { on: [], off: [{ key: 'recordStart', match: 'button' }] } },
    });
    const inner = makeSnapshot({
      signals: { recording: 'on' },
      evidence: { recording: { on: [{ key: 'recordingRunning', match: '.icon' }], off: [] } },
    });
    const merged = mergeFrames([outer, inner]);
    expect(merged?.signals.recording).toBe('on');
    expect(merged?.evidence?.recording).toEqual({
      on: [{ key: 'recordingRunning', match: '.icon' }],
      off: [{ key: 'recordStart', match: 'button' }],
    });
  });

  it('merges frames: a safeguard seen on in one frame and off in another is unknown, never safe', () => {
    const merged = mergeFrames([
      makeSnapshot({ signals: { waitingRoom: 'on', passcode: 'on', recording: 'off' } }),
      makeSnapshot({ signals: { waitingRoom: 'off', passcode: 'unknown', recording: 'on' } }),
    ]);
    expect(merged?.signals).toMatchObject({ waitingRoom: 'unknown', passcode: 'on', recording: 'on' });
  });

  it('a frame that could not be read leaves the whole tab unread, whatever the other frames saw', () => {
    const shell = makeSnapshot({ service: 'zoom', signals: { recording: 'off' } });
    const meeting = unreadableReading('zoom', makeSnapshot({ service: 'zoom', title: '定例', role: 'host' }));
    expect(meeting).toMatchObject({ title: '定例', role: 'host', unreadable: true });
    expect(mergeFrames([shell, meeting])?.unreadable).toBe(true);
    expect(mergeFrames([meeting, shell])?.unreadable).toBe(true);
    expect(mergeFrames([shell, shell])?.unreadable).toBeUndefined();
  });

  it('warns of an unread page at 機密性2以上 only, and passes nothing on it as seen safe', () => {
    const input = { tabId: 1, memory: {}, parsedPolicy: parsePolicy({}), browser: null };
    const unread = unreadableReading('meet');
    expect(buildTabView({ ...input, snapshot: unread }).warnings).toEqual(['page-unreadable']);
    const classOne = buildTabView({ ...input, snapshot: unread, memory: { classification: 1 } });
    expect(classOne.warnings).toEqual([]);
    const statuses = Object.fromEntries(classOne.checklist.map((item) => [item.id, item.status]));
    expect(statuses).toMatchObject({ '21-passcode': 'unknown', '21-waiting-room': 'unknown' });
  });
});
