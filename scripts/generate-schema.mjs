// `npm run schema`: rewrites schemas/cluster.schema.json from the built package.
import { writeFileSync } from 'node:fs'
import { CAP_SOURCES, ClusterConfigSchema } from '../dist/index.js'
import { SCHEMA_PATH, clusterJsonSchema } from './cluster-json-schema.mjs'

writeFileSync(SCHEMA_PATH, clusterJsonSchema(ClusterConfigSchema, CAP_SOURCES))
console.log(`wrote ${SCHEMA_PATH}`)
