/**
 * The JSON formats: Google Admin console upload, Chrome/Chromium/Edge managed policy on Linux, Firefox
 * policies.json (writers), and reading any of them back, plus a plain policy JSON (reader).
 * Chrome on Linux: components/policy/core/common/config_dir_policy_loader.cc reads every *.json file in the
 * managed directory; extension policy is `{"3rdparty": {"extensions": {"<id>": {...}}}}` (lower-case
 * "extensions", the id exactly). Firefox: `{"policies": {"3rdparty": {"Extensions": {"<add-on id>": {...}}}}}`.
 */

import { POLICY_KEYS } from '../../src/policy/policy';
import {
  chromeIdProblem,
  DEVELOPMENT_NOTE,
  type Extraction,
  entryLabel,
  FormatError,
  isPlainObject,
  type KitOptions,
  orderedEntries,
  type Policy,
  type PolicyEntry,
  type Problem,
  parseJsonOr,
  problemAt,
  usesDevelopmentId,
} from './common';
import { deploymentOf, extensionSettingsInstalls, forcelistInstall, type Install } from './install';
import { fromIntune } from './intune';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * JSON has no comments: where a file names the development id, a "_comment" member says so. Chrome lists it
 * in chrome://policy as an unknown policy and applies nothing for it; Firefox ignores members outside "policies".
 */
const devComment = (options: KitOptions) =>
  usesDevelopmentId(options) ? { _comment: `${DEVELOPMENT_NOTE.en} / ${DEVELOPMENT_NOTE.ja}` } : {};

/** The Google Admin console applies this to the extension selected in the console: it names no id. */
export const googleAdmin = (policy: Policy) =>
  json(Object.fromEntries(orderedEntries(policy).map(([key, value]) => [key, { Value: value }])));

export const linuxPolicy = (policy: Policy, options: KitOptions) => {
  const extensions: Record<string, Policy> = { [options.chromeId]: Object.fromEntries(orderedEntries(policy)) };
  if (options.edgeId !== options.chromeId) extensions[options.edgeId] = Object.fromEntries(orderedEntries(policy));
  return json({ ...devComment(options), '3rdparty': { extensions } });
};

/** ExtensionSettings: force-install from the update URL and pin the toolbar button (toolbar_pin, Chrome 88+). */
export const linuxForceInstall = (options: KitOptions) =>
  json({
    ...devComment(options),
    ExtensionSettings: {
      [options.chromeId]: {
        installation_mode: 'force_installed',
        update_url: options.chromeUpdateUrl,
        toolbar_pin: 'force_pinned',
      },
    },
  });

/** 3rdparty for the policy, ExtensionSettings to force-install and place the button on the toolbar (default_area). */
export const firefoxPolicies = (policy: Policy, options: KitOptions) =>
  json({
    policies: {
      '3rdparty': { Extensions: { [options.firefoxId]: Object.fromEntries(orderedEntries(policy)) } },
      ExtensionSettings: {
        [options.firefoxId]: {
          installation_mode: 'force_installed',
          install_url: options.firefoxInstallUrl,
          default_area: 'navbar',
        },
      },
    },
  });

// ---------------------------------------------------------------------------------------------------------------
// Reading

export function firefoxThirdParty(thirdParty: unknown, path: string, problems: Problem[]): PolicyEntry[] {
  if (!isPlainObject(thirdParty)) return [];
  const entries: PolicyEntry[] = [];
  if ('extensions' in thirdParty && !('Extensions' in thirdParty))
    problems.push(
      problemAt(
        `${path}.extensions`,
        Object.keys(thirdParty),
        'Firefox needs "Extensions" with a capital E; it reads nothing here',
      ),
    );
  const extensions = thirdParty.Extensions ?? thirdParty.extensions;
  if (!isPlainObject(extensions)) return entries;
  for (const [id, raw] of Object.entries(extensions)) {
    const entryProblems = [...problems];
    let policy: unknown = raw;
    // Firefox's 3rdparty values are of type "JSON": a string is parsed.
    if (typeof raw === 'string') {
      policy = parseJsonOr(raw, undefined);
      if (policy === undefined) entryProblems.push(problemAt('(policy)', raw, 'not valid JSON; Firefox ignores it'));
    }
    entries.push({ label: entryLabel('firefox', id), browser: 'firefox', id, policy, problems: entryProblems });
  }
  return entries;
}

function chromeThirdParty(thirdParty: unknown): PolicyEntry[] {
  if (!isPlainObject(thirdParty)) return [];
  const entries: PolicyEntry[] = [];
  const problems: Problem[] = [];
  if ('Extensions' in thirdParty && !('extensions' in thirdParty))
    problems.push(
      problemAt(
        '3rdparty.Extensions',
        Object.keys(thirdParty),
        'Chrome and Edge need "extensions" in lower case; they read nothing here',
      ),
    );
  const extensions = thirdParty.extensions ?? thirdParty.Extensions;
  if (!isPlainObject(extensions)) return entries;
  for (const [id, policy] of Object.entries(extensions)) {
    const idProblem = chromeIdProblem(id);
    const entryProblems = idProblem
      ? [...problems, problemAt(`3rdparty.extensions.${id}`, id, idProblem)]
      : [...problems];
    entries.push({ label: entryLabel('chromium', id), browser: 'chromium', id, policy, problems: entryProblems });
  }
  return entries;
}

const isGoogleAdminWrapper = (value: unknown) =>
  isPlainObject(value) && Object.keys(value).length === 1 && 'Value' in value;

/**
 * Browser policies that install extensions, in a Chrome/Edge policy JSON (Linux managed directory): the
 * ExtensionInstallForcelist list and ExtensionSettings.
 */
function chromiumJsonInstalls(json: Record<string, unknown>): Install[] {
  const installs = extensionSettingsInstalls(json.ExtensionSettings, 'chromium', 'ExtensionSettings');
  const forcelist = json.ExtensionInstallForcelist;
  if (Array.isArray(forcelist))
    forcelist.forEach((entry, index) => {
      if (typeof entry === 'string')
        installs.push(forcelistInstall(entry, 'chromium', `ExtensionInstallForcelist[${index}]`));
    });
  return installs;
}

/** The shape of a Google Admin console upload: each key {"Value": ...} and nothing else. */
function fromGoogleAdmin(json: Record<string, unknown>): Extraction {
  const policy: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (isGoogleAdminWrapper(value)) policy[key] = (value as { Value: unknown }).Value;
    else
      problems.push(
        problemAt(
          key,
          value,
          'missing the {"Value": ...} wrapper the Google Admin console needs: the console does not set this key ' +
            'as written, so Chrome never hands it to the extension',
        ),
      );
  }
  return {
    format: 'Google Admin console JSON',
    entries: [{ label: 'Google Admin console policy', browser: 'chrome', policy, problems }],
  };
}

/** A file named for the Admin console (as the kit names it: google-admin/…): read it as one, whatever its shape. */
const namedForAdminConsole = (name: string) => /google[-_ ]?admin|admin[-_ ]?console/i.test(name);

export function fromJson(json: unknown, name = ''): Extraction {
  if (!isPlainObject(json)) throw new FormatError('the JSON is not an object');
  if (isPlainObject(json.policies)) {
    const entries = firefoxThirdParty(json.policies['3rdparty'], 'policies.3rdparty', []);
    const format = 'Firefox policies.json';
    const deployment = deploymentOf(
      extensionSettingsInstalls(json.policies.ExtensionSettings, 'firefox', 'policies.ExtensionSettings'),
      'any',
    );
    return entries.length
      ? { format, entries, deployment }
      : { format, entries, deployment, notPolicy: 'no policies.3rdparty.Extensions entry' };
  }
  if (Array.isArray(json.omaSettings)) return fromIntune(json.omaSettings);
  const deployment = deploymentOf(chromiumJsonInstalls(json), 'linux');
  if ('3rdparty' in json) {
    return {
      format: 'Chrome/Edge managed policy JSON (Linux)',
      entries: chromeThirdParty(json['3rdparty']),
      deployment,
    };
  }
  const keys = Object.keys(json);
  if (keys.some((key) => isGoogleAdminWrapper(json[key])) || namedForAdminConsole(name)) return fromGoogleAdmin(json);
  const known = POLICY_KEYS as readonly string[];
  // Browser policies are PascalCase (ExtensionSettings); ours are camelCase. A file with only those is not ours,
  // unless a key is one of ours in the wrong case: that is a typo to report, not another kind of file.
  const ours = (key: string) => known.some((name) => name.toLowerCase() === key.toLowerCase());
  // "_comment" (the kit's note) is no policy; Chrome lists it as unknown and applies nothing for it.
  const named = keys.filter((key) => key !== '_comment');
  if (named.length && !named.some(ours) && named.every((key) => /^[A-Z]/.test(key))) {
    return {
      format: 'browser policy JSON',
      entries: [],
      deployment,
      notPolicy: 'browser policies only (for example force-install); no Meeting Guard policy',
    };
  }
  return {
    format: 'plain policy JSON',
    entries: [{ label: 'Policy', browser: 'unknown', policy: json, problems: [] }],
    notes: [
      "a plain policy (policy:kit's input): no browser reads this shape as it is. Deploy the kit made from it; " +
        'as a Google Admin console upload every key needs {"Value": ...} (google-admin/meeting-guard-policy.json).',
    ],
  };
}
