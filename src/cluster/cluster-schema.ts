// The cluster.json contract as one valibot schema: types, bounds, defaults and every rule.
import * as v from 'valibot'
import { LIMITS } from './config-limits.js'
import { curveCoversMinRule, curveOrderRule, leafPortsRule, scaleRule } from './config-rules.js'
import { jsonObject, pairTuple, withRules } from './rule-actions.js'

export { LIMITS } from './config-limits.js'

/**
 * The cluster.json contract (spec/model.md, "Input"), written once as a
 * valibot schema. Everything else derives from it: the TypeScript types, the
 * committed JSON Schema (schemas/cluster.schema.json), the key order of the
 * report's `inputs`, the did-you-mean hints for unknown keys, and the rules
 * that span keys (attached with valibot's `partialCheck`, config-rules.ts).
 */

const watts = (description: string, max: number = LIMITS.partW) => v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(max), v.description(description))

const positiveWatts = (description: string, max: number = LIMITS.partW) =>
  v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(max), v.description(description))

const count = (description: string, min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max), v.description(description))

const label = (description: string) => v.pipe(v.string(), v.nonEmpty(), v.maxLength(200), v.description(description))

const gbps = (description: string) => v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(LIMITS.linkGbps), v.description(description))

export const SwitchSchema = v.pipe(
  jsonObject({
    name: label('Switch model, for the report and the memo.'),
    ports: count('Logical ports at the link speed used (a 32-cage OSFP switch with 2x400G cages has 64).', 1, LIMITS.switchPorts),
    w: positiveWatts('Watts per switch, without the optics counted by optic_w_per_link_end.'),
  }),
  v.description('A switch model: name, port count and watts.'),
)

export const NodeSchema = v.pipe(
  jsonObject({
    name: label('Node model, for the report and the memo. Placeholder hardware, not a vendor claim.'),
    gpus_per_node: count('GPUs in one node.', 1, LIMITS.gpusPerNode),
    gpu_w: positiveWatts('Watts per GPU at full power.'),
    cpu_w: watts('Watts of all CPUs in one node.'),
    dram_w: watts('Watts of all memory in one node.'),
    nvme_w: watts('Watts of all local storage in one node.'),
    nic_w: watts('Watts per fabric NIC.'),
    node_aux_w: watts('Everything else in the node (fans, power conversion, board): calibrate so the node sums to the vendor maximum.'),
    nics_per_node: count('Fabric NICs per node.', 1, LIMITS.nicsPerNode),
    ports_per_nic_to_fabric: count('Fabric ports cabled per NIC.', 1, LIMITS.portsPerNic),
  }),
  v.description('One compute node; p_node = gpus_per_node*gpu_w + cpu_w + dram_w + nvme_w + nics_per_node*nic_w + node_aux_w.'),
)

export const FabricSchema = v.pipe(
  withRules(
    jsonObject({
      name: label('Fabric name, for the report and the memo.'),
      leaf: SwitchSchema,
      spine: SwitchSchema,
      core: v.optional(
        v.pipe(SwitchSchema, v.description('The core switch of a three-tier fabric; defaults to the spine model. Unused with one or two tiers.')),
      ),
      leaf_host_ports: count('Leaf ports facing nodes (h). h + u must not exceed leaf.ports.', 1, LIMITS.switchPorts),
      leaf_uplink_ports: count('Leaf ports facing spines (u). h + u must not exceed leaf.ports.', 1, LIMITS.switchPorts),
      optic_w_per_link_end: watts('Watts of optics at one switch-port end of a link.', LIMITS.opticW),
      host_link_node_end_w: v.optional(
        watts(
          'Watts of optics at the node end of a host link; 0 when the node watts already include its transceivers or the link is copper. Defaults to optic_w_per_link_end.',
          LIMITS.opticW,
        ),
      ),
      host_link_gbps: gbps('Speed of one host link, Gb/s.'),
      uplink_gbps: gbps('Speed of one leaf uplink, Gb/s.'),
      rail_optimized: v.optional(v.pipe(v.boolean(), v.description('NIC i of every node goes to leaf i of its group (NVIDIA SuperPOD style).')), false),
    }),
    leafPortsRule,
  ),
  v.description('The compute fabric: a leaf/spine (and, past one spine radix, core) fat tree.'),
)

const fractionOfFull = (description: string) => v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(1), v.description(description))

/** One measured point, written as a pair: `[0.8, 0.955]` reads "at 80% power, 95.5% of the throughput". */
export const CurvePointSchema = v.pipe(
  pairTuple(
    [
      fractionOfFull('power_fraction: GPU power as a fraction of gpu_w.'),
      fractionOfFull('throughput_fraction: GPU throughput at that power, as a fraction of full-power throughput.'),
    ],
    'MWP_CONFIG_CURVE',
    describePoint,
  ),
  v.description('[power_fraction, throughput_fraction]'),
)

/** What a curve point that is not a pair was, and the pair to write instead when it can tell. */
function describePoint(found: unknown): { message: string; hint: string } {
  const message = `expected a [power_fraction, throughput_fraction] pair, found ${
    Array.isArray(found) ? `${found.length} value${found.length === 1 ? '' : 's'}` : describeValue(found)
  }`
  const fields = typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : {}
  const [f, t] = [fields.fraction ?? fields.power_fraction, fields.throughput ?? fields.throughput_fraction]
  const usable = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
  return { message, hint: usable(f) && usable(t) ? `write [${f}, ${t}]` : 'write each point as [power_fraction, throughput_fraction], e.g. [0.8, 0.95]' }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `${JSON.stringify(value)} (a string)`
  if (typeof value === 'boolean') return `${value} (a boolean)`
  return String(value)
}

export const PowerCappingSchema = v.pipe(
  withRules(
    jsonObject({
      curve: v.pipe(
        withRules(v.pipe(v.array(CurvePointSchema), v.minLength(1), v.maxLength(1000)), curveOrderRule),
        v.description(
          'Measured throughput against GPU power: [power_fraction, throughput_fraction] pairs, power strictly increasing, throughput non-decreasing, ending at [1, 1].',
        ),
      ),
      min_fraction: v.optional(
        fractionOfFull('The lowest GPU power fraction to consider; defaults to the first curve point. The curve must reach down to it.'),
      ),
    }),
    curveCoversMinRule,
  ),
  v.description(
    'Optional GPU power-capping optimizer (spec/model.md, "Extension"): the per-GPU power limit that gives the most cluster throughput under the cap.',
  ),
)

export const ClusterConfigSchema = v.pipe(
  withRules(
    jsonObject({
      $schema: v.optional(v.pipe(v.string(), v.description('JSON Schema for editors; ignored by mwpack.'))),
      it_cap_mw: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(LIMITS.itCapMw), v.description('IT power cap in megawatts (IT load only; no PUE).')),
      min_nodes: v.optional(count('Smallest useful cluster; fewer nodes is reported as below_min_nodes.', 0, LIMITS.nodes), 0),
      other_it_w: v.optional(watts('Storage, management and other fixed IT load, watts; counted once any node is built.', LIMITS.otherItW), 0),
      node: NodeSchema,
      fabric: FabricSchema,
      power_capping: v.optional(PowerCappingSchema),
    }),
    scaleRule,
  ),
  v.title('mwpack cluster config'),
  v.description('Hardware and fabric assumptions for one mwpack memo. All hardware numbers are placeholders until calibrated.'),
)

/** cluster.json as written, after schema validation. */
export type ClusterConfigInput = v.InferOutput<typeof ClusterConfigSchema>
export type SwitchSpec = v.InferOutput<typeof SwitchSchema>
export type NodeSpec = v.InferOutput<typeof NodeSchema>

/** The fabric with its dependent defaults filled in (`core` and `host_link_node_end_w`). */
export type FabricSpec = Omit<v.InferOutput<typeof FabricSchema>, 'core' | 'host_link_node_end_w'> & {
  core: SwitchSpec
  host_link_node_end_w: number
}

/** The capping block with min_fraction filled in; curve points stay pairs, as written. */
export interface PowerCappingSpec {
  curve: Array<readonly [power: number, throughput: number]>
  min_fraction: number
}

/** The validated config with every default filled in: what the model reads and the report echoes as `inputs`. */
export interface ClusterConfig {
  it_cap_mw: number
  min_nodes: number
  other_it_w: number
  node: NodeSpec
  fabric: FabricSpec
  power_capping?: PowerCappingSpec
}

/**
 * Fills the defaults that depend on other keys (spec/model.md: `core` defaults
 * to `spine`, `host_link_node_end_w` to `optic_w_per_link_end`) and drops
 * `$schema`. Key order follows the schema, which is the order `inputs` is written in.
 */
export function resolveDefaults(input: ClusterConfigInput): ClusterConfig {
  const f = input.fabric
  const fabric: FabricSpec = {
    name: f.name,
    leaf: { ...f.leaf },
    spine: { ...f.spine },
    core: { ...(f.core ?? f.spine) },
    leaf_host_ports: f.leaf_host_ports,
    leaf_uplink_ports: f.leaf_uplink_ports,
    optic_w_per_link_end: f.optic_w_per_link_end,
    host_link_node_end_w: f.host_link_node_end_w ?? f.optic_w_per_link_end,
    host_link_gbps: f.host_link_gbps,
    uplink_gbps: f.uplink_gbps,
    rail_optimized: f.rail_optimized,
  }
  const config: ClusterConfig = {
    it_cap_mw: input.it_cap_mw,
    min_nodes: input.min_nodes,
    other_it_w: input.other_it_w,
    node: { ...input.node },
    fabric,
  }
  if (input.power_capping) {
    const curve = input.power_capping.curve.map(([f, t]) => [f, t] as const)
    config.power_capping = { curve, min_fraction: input.power_capping.min_fraction ?? curve[0]![0] }
  }
  return config
}
