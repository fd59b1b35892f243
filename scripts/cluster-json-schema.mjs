// Generates schemas/cluster.schema.json from the valibot schema.
//
// Generated, so the two cannot disagree. Used by `npm run schema` (writes the
// file) and by the drift test (fails when the committed file is stale).
import { toJsonSchema } from '@valibot/to-json-schema'

export const SCHEMA_PATH = 'schemas/cluster.schema.json'

/**
 * @param {import('valibot').GenericSchema} schema the ClusterConfigSchema
 * @param {readonly string[]} capSources the keys of which a config has exactly one (CAP_SOURCES)
 */
export function clusterJsonSchema(schema, capSources) {
  // `finite` has no JSON Schema form and JSON cannot write NaN or Infinity anyway: ignoring it loses nothing.
  // The rules that span keys (partialCheck) have none either; the one an editor can show, exactly one
  // power source, is written as `oneOf` from the same list the rule uses.
  const generated = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' })
  const { $schema, ...rest } = generated
  const oneOf = capSources.map((key) => ({ required: [key] }))
  return `${JSON.stringify({ $schema, $id: 'https://unpkg.com/mwpack/schemas/cluster.schema.json', ...rest, oneOf }, null, 2)}\n`
}
