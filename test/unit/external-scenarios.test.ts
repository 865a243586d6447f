/**
 * Whose meeting is it (21-4), in the cases a surviving mutant showed untested (issue 14): subdomains of an
 * internal entry, look-alike hosts, and the hosts every Zoom or Webex account shares.
 */
import { describe, expect, it } from 'vitest';
import { isExternalMeeting, ownerIdentifiers, teamsTenant } from '../../src/external';

const owners = (href: string, service: string) => ownerIdentifiers(new URL(href), { service });
const external = (href: string, service: string, internal: readonly string[]) =>
  isExternalMeeting(new URL(href), { service }, internal);

describe('an internal entry covers its subdomains, and only them', () => {
  it('a subdomain of an internal domain is the organisation’s own', () => {
    expect(external('https://meet.city.example.jp/Room', 'jitsi', ['city.example.jp'])).toBe(false);
    expect(external('https://a.b.city.example.jp/Room', 'jitsi', ['city.example.jp'])).toBe(false);
  });

  it('a host that merely ends with the same letters is an outside organisation’s', () => {
    // "othercity.example.jp" ends with "city.example.jp" but is not under it.
    expect(external('https://meet.othercity.example.jp/Room', 'jitsi', ['city.example.jp'])).toBe(true);
  });

  it('a host that merely begins with an internal name is an outside organisation’s', () => {
    expect(external('https://city.example.jp.attacker.example/Room', 'jitsi', ['city.example.jp'])).toBe(true);
    expect(external('https://city-example.zoom.us.evil.example/j/1', 'custom-x', ['city-example.zoom.us'])).toBe(true);
  });

  it('an internal subdomain does not cover its parent', () => {
    expect(external('https://city.example.jp/Room', 'jitsi', ['meet.city.example.jp'])).toBe(true);
  });

  it('compares without regard to case, in the entry and in the address', () => {
    expect(external('https://MEET.City.Example.JP/Room', 'jitsi', ['City.Example.jp'])).toBe(false);
    expect(external('https://City-Example.zoom.us/wc/1/join', 'zoom', ['CITY-EXAMPLE.ZOOM.US'])).toBe(false);
  });

  it('any one internal entry is enough', () => {
    expect(external('https://meet.city.example.jp/Room', 'jitsi', ['other.example', 'city.example.jp'])).toBe(false);
  });
});

describe('hosts every account shares say nothing of the owner', () => {
  it.each([
    'https://www.webex.com/meetings',
    'https://web.webex.com/meet/x',
    'https://signin.webex.com/',
    'https://idbroker.webex.com/',
    'https://help.webex.com/',
    'https://meet.webex.com/meet/x',
  ])('%s (webex) cannot tell', (href) => {
    expect(owners(href, 'webex')).toEqual([]);
    expect(external(href, 'webex', ['city-example.webex.com'])).toBeUndefined();
  });

  it.each([
    'https://zoom.us/j/1',
    'https://app.zoom.us/wc/1/join',
    'https://www.zoom.us/j/1',
    'https://us02web.zoom.us/j/1',
    'https://eu01web.zoom.us/j/1',
    'https://jpweb.zoom.us/j/1',
    'https://au01web.zoom.us/j/1',
    'https://ca01web.zoom.us/j/1',
    'https://zoom.com/j/1',
  ])('%s (zoom) cannot tell', (href) => {
    expect(owners(href, 'zoom')).toEqual([]);
  });

  it('a Webex site whose name contains a shared host name is its owner’s (the anchors hold)', () => {
    // Each of these would pass for a shared host if either end of the pattern were not anchored.
    expect(owners('https://city-meet.webex.com/meet/x', 'webex')).toEqual(['city-meet.webex.com']);
    expect(owners('https://www.webex.com.example.jp/meet/x', 'webex')).toEqual(['www.webex.com.example.jp']);
    expect(owners('https://mywww.webex.com/meet/x', 'webex')).toEqual(['mywww.webex.com']);
    expect(external('https://partner-web.webex.com/meet/x', 'webex', ['city-example.webex.com'])).toBe(true);
  });

  it('a Zoom vanity host whose name contains a shared host name is its owner’s', () => {
    expect(owners('https://city-app.zoom.us/j/1', 'zoom')).toEqual(['city-app.zoom.us']);
    expect(owners('https://app.zoom.us.example.jp/j/1', 'zoom')).toEqual(['app.zoom.us.example.jp']);
    expect(owners('https://myus02web.zoom.us/j/1', 'zoom')).toEqual(['myus02web.zoom.us']);
    expect(owners('https://CITY-EXAMPLE.zoom.us/j/1', 'zoom')).toEqual(['city-example.zoom.us']);
  });

  it('Meet never names the owner; Jitsi and custom services name it by host', () => {
    expect(owners('https://meet.google.com/abc-defg-hij', 'meet')).toEqual([]);
    expect(owners('https://Meet.Jit.Si/Room', 'jitsi')).toEqual(['meet.jit.si']);
    expect(owners('https://video.city.example.jp/r', 'custom-video')).toEqual(['video.city.example.jp']);
  });
});

describe('the Teams tenant in a join link', () => {
  const link = (context: unknown) =>
    new URL(
      `https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=${encodeURIComponent(
        typeof context === 'string' ? context : JSON.stringify(context),
      )}`,
    );

  it('reads a GUID tenant id, lowercased', () => {
    expect(teamsTenant(link({ Tid: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE' }))).toBe(
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    );
  });

  it('refuses anything that is not exactly a GUID', () => {
    expect(teamsTenant(link({ Tid: 'x0f0e0d0c-0b0a-0908-0706-050403020100' }))).toBeNull();
    expect(teamsTenant(link({ Tid: '0f0e0d0c-0b0a-0908-0706-050403020100x' }))).toBeNull();
    expect(teamsTenant(link({ Tid: 'city.example.jp' }))).toBeNull();
    expect(teamsTenant(link({ Tid: 42 }))).toBeNull();
    expect(teamsTenant(link({ Tid: ['0f0e0d0c-0b0a-0908-0706-050403020100'] }))).toBeNull();
    expect(teamsTenant(link({ Oid: 'x' }))).toBeNull();
    expect(teamsTenant(link('null'))).toBeNull();
    expect(teamsTenant(new URL('https://teams.microsoft.com/l/meetup-join/x'))).toBeNull();
  });

  it('an internal tenant id must be equal, not a suffix', () => {
    const tid = '0f0e0d0c-0b0a-0908-0706-050403020100';
    expect(isExternalMeeting(link({ Tid: tid }), { service: 'teams' }, [tid.toUpperCase()])).toBe(false);
    expect(isExternalMeeting(link({ Tid: tid }), { service: 'teams' }, ['0706-050403020100'])).toBe(true);
  });
});
