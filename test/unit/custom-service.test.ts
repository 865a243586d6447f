import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/policy';
import { customService } from '../../src/services/custom';
import { loadFixture } from './fixtures';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('custom services from policy', () => {
  const { policy, problems } = parsePolicy({
    customServices: [
      {
        id: 'city-meet',
        name: '市の会議',
        matches: ['https://meet.city.example.jp/*'],
        table: {
          inMeeting: ['#leave'],
          prejoin: ['#join'],
          recordingOn: ['.rec-indicator'],
          recordingOff: ['button.start-rec'],
          recordingOnText: ['録画中'],
          title: ['h1.room'],
        },
      },
      { id: 'city-jitsi', name: '市の Jitsi', matches: ['https://jitsi.city.example.jp/*'], base: 'jitsi' },
    ],
  });

  it('parses as valid policy', () => {
    expect(problems).toEqual([]);
  });

  it('reads with the generic reader from the admin table, off only when seen', () => {
    const service = customService(policy.customServices[0] as never);
    const url = new URL('https://meet.city.example.jp/room/42');
    const on = service.read(
      parse('<h1 class="room">予算</h1><button id="leave"></button><div role="status">録画中</div>'),
      url,
      service.table,
    );
    expect(on).toMatchObject({ service: 'city-meet', meetingId: '42', title: '予算', phase: 'meeting' });
    expect(on?.signals.recording).toBe('on');
    expect(on?.evidence?.recording?.on).toEqual([{ key: 'recordingOnText', match: '録画中' }]);
    const off = service.read(
      parse('<button id="join"></button><button class="start-rec"></button>'),
      url,
      service.table,
    );
    expect(off?.signals.recording).toBe('off');
    expect(off?.evidence?.recording?.off).toEqual([{ key: 'recordingOff', match: 'button.start-rec' }]);
    expect(off?.phase).toBe('prejoin');
    const unknown = service.read(parse('<button id="join"></button><p>nothing here</p>'), url, service.table);
    expect(unknown?.signals.recording).toBe('unknown');
    expect(unknown?.signals.transcription).toBe('unknown');
  });

  it('says "not a meeting" where the table\'s meeting evidence does not match (a home page, a sign-in page)', () => {
    const service = customService(policy.customServices[0] as never);
    const url = new URL('https://meet.city.example.jp/login');
    expect(
      service.read(parse('<div role="status">録画中</div><button class="start-rec"></button>'), url, service.table),
    ).toBeNull();
  });

  it('warns on recording when the page shows both the start control and a recording notice', () => {
    const service = customService(policy.customServices[0] as never);
    const url = new URL('https://meet.city.example.jp/room/42');
    const both = service.read(
      parse('<button id="leave"></button><button class="start-rec"></button><div role="status">録画中</div>'),
      url,
      service.table,
    );
    expect(both?.signals.recording).toBe('on');
    expect(both?.evidence?.recording).toEqual({
      on: [{ key: 'recordingOnText', match: '録画中' }],
      off: [{ key: 'recordingOff', match: 'button.start-rec' }],
    });
  });

  it('reads a self-hosted Jitsi with the Jitsi adapter under the custom id', () => {
    const service = customService(policy.customServices[1] as never);
    const { doc } = loadFixture('jitsi', 'recording.en.html');
    const snapshot = service.read(doc, new URL('https://jitsi.city.example.jp/SomeRoom'), service.table);
    expect(snapshot?.service).toBe('city-jitsi');
    expect(snapshot?.signals.recording).toBe('on');
  });

  // Issue 19 (5f): a base service's table gains the admin's entries; its own "on" evidence is never replaced.
  it("adds a custom table's entries to its base service's, never in place of them", () => {
    const service = customService({
      id: 'city-jitsi',
      name: '市の Jitsi',
      matches: ['https://jitsi.city.example.jp/*'],
      base: 'jitsi',
      table: { recordingOnToast: ['.city-recording-toast'] },
    });
    const { doc } = loadFixture('jitsi', 'recording.en.html');
    const snapshot = service.read(doc, new URL('https://jitsi.city.example.jp/SomeRoom'), service.table);
    expect(service.table.recordingOnToast?.[0]).toBe('.city-recording-toast');
    expect(snapshot?.signals.recording).toBe('on');
  });
});
