/**
 * The managed_schema the build ships: schema.json with only its types. Chrome and Edge validate extension policy
 * against the managed_schema and drop a key whose value breaks it anywhere inside (schema_map.cc FilterBundle,
 * SCHEMA_ALLOW_UNKNOWN), so the extension never sees it and cannot fail closed: an out-of-range limit in
 * `permittedServices` dropped the whole list, which then meant the default "every service up to 機密性3". With
 * types only, such a value reaches parsePolicy, which reports it and applies its strict reading. Enums and ranges
 * stay in schema.json for the ADMX, keys.md and policy:check. Measured in Chromium: test/e2e/chromium-schema.test.mjs
 * and docs/policy-schema.md.
 */

type Node = Record<string, unknown>;

/** Drops `enum`, `minimum` and `maximum` from every sub-schema; property names are left alone. */
export function typesOnlySchema<T>(schema: T): T {
  const node = schema as Node;
  const { enum: _enum, minimum: _min, maximum: _max, properties, items, additionalProperties, ...rest } = node;
  const result: Node = { ...rest };
  if (properties && typeof properties === 'object')
    result.properties = Object.fromEntries(
      Object.entries(properties as Node).map(([name, child]) => [name, typesOnlySchema(child)]),
    );
  if (items && typeof items === 'object') result.items = typesOnlySchema(items);
  if (additionalProperties !== undefined)
    result.additionalProperties =
      typeof additionalProperties === 'object' ? typesOnlySchema(additionalProperties) : additionalProperties;
  return result as T;
}
