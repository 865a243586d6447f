/** The registry of built-in meeting services. The structure test checks every file is listed here. */
import { meet } from './meet';
import { type MeetingService, matchesPattern } from './service';

export const services: readonly MeetingService[] = [meet];

export function serviceForUrl(url: URL, list: readonly MeetingService[] = services): MeetingService | undefined {
  return list.find((service) => service.matches.some((pattern) => matchesPattern(pattern, url)));
}
