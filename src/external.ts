/**
 * Is this meeting the organisation's own, or an outside organisation's (21-4)? Decided from what
 * identifies the meeting's owner: a Zoom vanity host (city-example.zoom.us), a Webex site, a Teams
 * tenant id in the join link, a Jitsi or custom host. Where nothing identifies the owner (Meet,
 * app.zoom.us) the answer is undefined and the checklist asks the person.
 */
import type { Snapshot } from './services/service';

/** Zoom hosts that every account shares (web client, regional web clusters): they say nothing of the owner. */
const SHARED_ZOOM_HOST = /^(?:zoom\.us|app\.zoom\.us|www\.zoom\.us|(?:us|eu|jp|au|ca)\d*web\.zoom\.us|zoom\.com)$/;
const SHARED_WEBEX_HOST = /^(?:www|web|signin|idbroker|help|meet)\.webex\.com$/;

/** What names the meeting's owner, lowercased: host names and tenant ids. Empty when nothing does. */
export function ownerIdentifiers(url: URL, snapshot: Pick<Snapshot, 'service'>): string[] {
  const host = url.hostname.toLowerCase();
  switch (snapshot.service) {
    case 'meet':
      return [];
    case 'zoom':
      return SHARED_ZOOM_HOST.test(host) ? [] : [host];
    case 'webex':
      return SHARED_WEBEX_HOST.test(host) ? [] : [host];
    case 'teams': {
      const tenant = teamsTenant(url);
      return tenant ? [tenant] : [];
    }
    default:
      // Jitsi and admin-defined services: the host is the owner's (meet.jit.si is nobody's own).
      return [host];
  }
}

/** The tenant id in a Teams join link: `context={"Tid":"<guid>",…}` (meetup-join links). */
export function teamsTenant(url: URL): string | null {
  const context = url.searchParams.get('context');
  // Stryker disable next-line ConditionalExpression: equivalent; without the guard JSON.parse of a missing or empty context gives null or throws, and both end in null.
  if (!context) return null;
  try {
    const tid = (JSON.parse(context) as { Tid?: unknown }).Tid;
    // Stryker disable next-line ConditionalExpression: equivalent when never taken; a non-string that passes the pattern below (an array holding a GUID) has no toLowerCase, and the throw ends in null.
    if (typeof tid !== 'string') return null;
    return /^[0-9a-f-]{36}$/i.test(tid) ? tid.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** A host entry covers itself and its subdomains; a tenant id must be equal. */
function covers(entry: string, identifier: string): boolean {
  return identifier === entry || identifier.endsWith(`.${entry}`);
}

/**
 * true: an outside organisation's meeting; false: the organisation's own; undefined: cannot tell
 * (no `internalDomains` configured, or nothing on the page names the owner).
 */
export function isExternalMeeting(
  url: URL,
  snapshot: Pick<Snapshot, 'service'>,
  internalDomains: readonly string[],
): boolean | undefined {
  if (internalDomains.length === 0) return undefined;
  const identifiers = ownerIdentifiers(url, snapshot);
  if (identifiers.length === 0) return undefined;
  const internal = internalDomains.map((entry) => entry.toLowerCase());
  // Stryker disable next-line MethodExpression: equivalent while ownerIdentifiers gives at most one identifier (one host or one tenant).
  return !identifiers.some((identifier) => internal.some((entry) => covers(entry, identifier)));
}
