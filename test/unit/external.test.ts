import { describe, expect, it } from 'vitest';
import { isExternalMeeting, ownerIdentifiers } from '../../src/external';

const internal = [
  'city-example.zoom.us',
  'city-example.webex.com',
  '0f0e0d0c-0b0a-0908-0706-050403020100',
  'meet.city.example.jp',
];
const check = (href: string, service: string) => isExternalMeeting(new URL(href), { service }, internal);

describe('outside meetings (21-4)', () => {
  it.each([
    ['https://city-example.zoom.us/wc/81234567890/join', 'zoom', false],
    ['https://other-org.zoom.us/wc/81234567890/join', 'zoom', true],
    ['https://app.zoom.us/wc/81234567890/join', 'zoom', undefined],
    ['https://us06web.zoom.us/wc/81234567890/join', 'zoom', undefined],
    ['https://city-example.webex.com/meet/tanaka', 'webex', false],
    ['https://partner.webex.com/meet/suzuki', 'webex', true],
    ['https://web.webex.com/meetings', 'webex', undefined],
    ['https://meet.google.com/abc-defg-hij', 'meet', undefined],
    ['https://meet.jit.si/SomeRoom', 'jitsi', true],
    ['https://meet.city.example.jp/Room', 'jitsi', false],
  ])('%s (%s) is external: %s', (href, service, expected) => {
    expect(check(href, service)).toBe(expected);
  });

  it('reads the Teams tenant from the join link', () => {
    const join = (tid: string) =>
      `https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=${encodeURIComponent(JSON.stringify({ Tid: tid, Oid: 'x' }))}`;
    expect(check(join('0F0E0D0C-0B0A-0908-0706-050403020100'), 'teams')).toBe(false);
    expect(check(join('11111111-2222-3333-4444-555555555555'), 'teams')).toBe(true);
    expect(check('https://teams.microsoft.com/meet/123456?p=abc', 'teams')).toBeUndefined();
    expect(
      ownerIdentifiers(new URL('https://teams.microsoft.com/l/meetup-join/x?context=not-json'), { service: 'teams' }),
    ).toEqual([]);
  });

  it('cannot tell without internalDomains', () => {
    expect(isExternalMeeting(new URL('https://other-org.zoom.us/wc/1/join'), { service: 'zoom' }, [])).toBeUndefined();
  });
});
