/** The registry of built-in meeting services. The structure test checks every file is listed here. */
import { jitsi } from './jitsi';
import { meet } from './meet';
import { type MeetingService, matchesPattern } from './service';
import { teams } from './teams';
import { webex } from './webex';
import { zoom } from './zoom';

export const services: readonly MeetingService[] = [meet, zoom, teams, webex, jitsi];

/** The built-in service ids, from the registry: a new service touches its own file, fixtures and manifest only. */
export const BUILT_IN_SERVICE_IDS: readonly string[] = services.map((service) => service.id);

export function serviceForUrl(url: URL, list: readonly MeetingService[] = services): MeetingService | undefined {
  return list.find((service) => service.matches.some((pattern) => matchesPattern(pattern, url)));
}
