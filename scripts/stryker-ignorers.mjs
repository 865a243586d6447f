/**
 * Stryker ignore-plugins for `npm run test:mutation` (stryker.config.mjs).
 *
 * - `adapter-tables`: an adapter's top-level `const table = {…}` is data (selectors and UI strings, INTERNALS.md
 *   "Selectors are data"), checked against fixtures by the adapters' own tests; mutating every string of it
 *   would only measure how many strings a fixture happens to contain. The adapters' logic is still mutated.
 *   The adapter's description beside it (`id`, `name`, `matches`, `allFrames`, `neverShown`, `notReadYet`,
 *   `onEvidenceKeys`) is data too, checked against the manifest and docs/sources.md by test/unit/structure.test.ts.
 * - `legacy-service-helpers`: in src/services/service.ts, `unknownSignals` (a constant's builder) and the
 *   notetaker name list, which is data. The reading helpers live in read.ts and are mutated there.
 *
 * A plugin gets Babel NodePaths; returning a string ignores the node and everything under it, with that reason
 * in the report.
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** The reasons the report gives for what these plugins ignore (the config test checks where they apply). */
export const REASONS = {
  table: "An adapter's selector/string table is data, checked against fixtures, not logic",
  description: "An adapter's description is data, checked against the manifest and docs/sources.md",
  legacy: 'Builds a constant (every signal unknown); tested through every adapter',
  notetakerNames: 'The built-in notetaker names are data (the policy can extend them)',
};

/** unknownSignals builds a constant; the reading helpers that stood here moved to read.ts (mutated there). */
const LEGACY_HELPERS = new Set(['unknownSignals']);

/** The file a node comes from: the instrumenter wraps each AST in a Babel File that carries the name. */
const fileOf = (path) => (path.hub?.file?.opts?.filename ?? '').replaceAll('\\', '/');

const isTopLevel = (path) => path.parentPath?.isVariableDeclaration() && path.parentPath.parentPath?.isProgram();
const isTopLevelOrExported = (path) =>
  path.parentPath?.isProgram() ||
  (path.parentPath?.isExportNamedDeclaration() && path.parentPath.parentPath?.isProgram());

const ADAPTER_DATA = new Set(['id', 'name', 'matches', 'allFrames', 'neverShown', 'notReadYet', 'onEvidenceKeys']);

/** `export const zoom: MeetingService = { … }`: the object that describes an adapter. */
const isAdapterObject = (path) =>
  path?.isObjectExpression() &&
  path.parentPath?.isVariableDeclarator() &&
  path.parentPath.node.id.typeAnnotation?.typeAnnotation?.typeName?.name === 'MeetingService';

export const adapterTables = {
  shouldIgnore(path) {
    if (path.isVariableDeclarator() && path.get('id').isIdentifier({ name: 'table' }) && isTopLevel(path)) {
      return REASONS.table;
    }
    if (
      path.isObjectProperty() &&
      !path.node.computed &&
      ADAPTER_DATA.has(path.node.key.name) &&
      isAdapterObject(path.parentPath)
    ) {
      return REASONS.description;
    }
    return undefined;
  },
};

export const legacyServiceHelpers = {
  shouldIgnore(path) {
    if (!fileOf(path).endsWith('src/services/service.ts')) return undefined;
    if (path.isFunctionDeclaration() && LEGACY_HELPERS.has(path.node.id?.name) && isTopLevelOrExported(path)) {
      return REASONS.legacy;
    }
    if (
      path.isVariableDeclarator() &&
      path.get('id').isIdentifier({ name: 'DEFAULT_NOTETAKER_NAMES' }) &&
      path.parentPath?.parentPath?.isExportNamedDeclaration()
    ) {
      return REASONS.notetakerNames;
    }
    return undefined;
  },
};

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'adapter-tables', adapterTables),
  declareValuePlugin(PluginKind.Ignore, 'legacy-service-helpers', legacyServiceHelpers),
];
