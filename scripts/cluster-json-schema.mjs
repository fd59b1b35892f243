// Generates schemas/cluster.schema.json from the valibot schema.
//
// Generated, so the two cannot disagree. Used by `npm run schema` (writes the
// file) and by the drift test (fails when the committed file is stale).
import { toJsonSchema } from '@valibot/to-json-schema'

export const SCHEMA_PATH = 'schemas/cluster.schema.json'

/** @param {import('valibot').GenericSchema} schema the ClusterConfigSchema */
export function clusterJsonSchema(schema) {
  // `finite` has no JSON Schema form and JSON cannot write NaN or Infinity anyway: ignoring it loses nothing.
  const generated = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' })
  const { $schema, ...rest } = generated
  return `${JSON.stringify({ $schema, $id: 'https://unpkg.com/mwpack/schemas/cluster.schema.json', ...rest }, null, 2)}\n`
}
