// The cluster.json contract as one valibot schema: types, bounds, defaults and every rule.
import * as v from 'valibot'
import { LIMITS } from './config-limits.js'
import {
  capSourceBothRule,
  capSourceNeitherRule,
  cappedNodePowerRule,
  curveCoversMinRule,
  curveOrderRule,
  leafPortsRule,
  planesRule,
  rackPowerRule,
  scaleRules,
} from './config-rules.js'
import { jsonObject, pairTuple, withRules } from './rule-actions.js'

export { LIMITS } from './config-limits.js'

/**
 * The cluster.json contract (docs/model.md), written once as a
 * valibot schema. Everything else derives from it: the TypeScript types, the
 * committed JSON Schema (schemas/cluster.schema.json), the key order of the
 * report's `inputs`, the did-you-mean hints for unknown keys, and the rules
 * that span keys (attached with valibot's `partialCheck`, config-rules.ts).
 */

const watts = (description: string, max: number = LIMITS.partW) => v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(max), v.description(description))

/**
 * A wattage that must draw something: at least a milliwatt, the unit the
 * model sums in (a GPU or a node that rounds to no milliwatt would divide by
 * zero, and is a unit slip anyway).
 */
const positiveWatts = (description: string, max: number = LIMITS.partW) =>
  v.pipe(v.number(), v.finite(), v.minValue(LIMITS.minPartW), v.maxValue(max), v.description(description))

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
    provisioned_w: v.optional(
      positiveWatts(
        'Watts budgeted per node at full GPU power instead of the component sum, e.g. the peak measured under the heaviest workload. Needs an enforcement story (power capping, DPS); the nameplate answer is reported beside it.',
        LIMITS.nodeW,
      ),
    ),
  }),
  v.description(
    'One compute node; its nameplate power is gpus_per_node*gpu_w + cpu_w + dram_w + nvme_w + nics_per_node*nic_w + node_aux_w, and provisioned_w replaces it when given.',
  ),
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
      planes: v.optional(
        count(
          "Identical, independent fabrics a node's fabric ports are split over (NVIDIA's twin-plane Spectrum-X design has 2); must divide nics_per_node * ports_per_nic_to_fabric.",
          1,
          LIMITS.planes,
        ),
        1,
      ),
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
  v.description('Optional GPU power-capping optimizer: the per-GPU power limit that gives the most cluster throughput under the cap.'),
)

export const FacilitySchema = v.pipe(
  jsonObject({
    grid_mw: v.pipe(
      v.number(),
      v.finite(),
      v.minValue(LIMITS.minCapMw),
      v.maxValue(LIMITS.gridMw),
      v.description('The most the site draws at the meter, megawatts: IT, cooling and electrical losses together.'),
    ),
    peak_pue: v.pipe(
      v.number(),
      v.finite(),
      v.minValue(1),
      v.maxValue(3),
      v.description(
        'Facility power at peak IT load divided by that IT load: the design peak (full load, worst weather), not the annual PUE, which is an energy ratio. it_cap_w = grid_w / peak_pue.',
      ),
    ),
  }),
  v.description('The power budget at the meter, instead of it_cap_mw: the IT cap is grid_mw / peak_pue.'),
)

export const RackSchema = v.pipe(
  jsonObject({
    nodes_per_rack: count('Nodes (or compute trays) in one rack.', 1, LIMITS.nodesPerRack),
    rack_w: v.optional(
      watts(
        'Watts per rack outside the nodes: NVLink switch trays, power-shelf losses, fans, the management switch. Counted once per rack built.',
        LIMITS.rackW,
      ),
      0,
    ),
    max_rack_kw: v.optional(
      v.pipe(
        v.number(),
        v.finite(),
        v.gtValue(0),
        v.maxValue(LIMITS.rackKw),
        v.description("The hall's per-rack power (cooling) limit, kilowatts; a full rack must fit under it."),
      ),
    ),
    whole_racks: v.optional(v.pipe(v.boolean(), v.description('The rack is one scale-up domain (NVL72): nodes come only in whole racks.')), false),
    max_racks: v.optional(count('Racks the floor holds.', 1, LIMITS.nodes)),
  }),
  v.description('Racks: nodes per rack, per-rack power outside the nodes, the hall limit per rack, whole racks as scale-up domains, floor space.'),
)

/** The keys that set the power budget: a config has exactly one (the MWP_CONFIG_CAP_SOURCE rules; the JSON Schema's `oneOf`). */
export const CAP_SOURCES = ['it_cap_mw', 'facility'] as const

export const ClusterConfigSchema = v.pipe(
  withRules(
    jsonObject({
      $schema: v.optional(v.pipe(v.string(), v.description('JSON Schema for editors; ignored by mwpack.'))),
      it_cap_mw: v.optional(
        v.pipe(
          v.number(),
          v.finite(),
          v.minValue(LIMITS.minCapMw),
          v.maxValue(LIMITS.itCapMw),
          v.description('IT power cap in megawatts (IT load only; no PUE). Give this or a facility block, not both.'),
        ),
      ),
      facility: v.optional(FacilitySchema),
      margin_fraction: v.optional(
        v.pipe(
          v.number(),
          v.finite(),
          v.minValue(0),
          v.maxValue(0.5),
          v.description('Design margin kept back from the IT cap: the solver sizes against it_cap_w * (1 - margin_fraction).'),
        ),
        0,
      ),
      min_nodes: v.optional(count('Smallest useful cluster; fewer nodes is reported as below_min_nodes.', 0, LIMITS.nodes), 0),
      other_it_w: v.optional(watts('Storage, management and other fixed IT load, watts; counted once any node is built.', LIMITS.otherItW), 0),
      other_it_per_node_w: v.optional(watts('Storage, management and front-end networking that grow with the cluster, watts per node.', LIMITS.partW), 0),
      node: NodeSchema,
      rack: v.optional(RackSchema),
      fabric: FabricSchema,
      power_capping: v.optional(PowerCappingSchema),
    }),
    capSourceNeitherRule,
    capSourceBothRule,
    planesRule,
    rackPowerRule,
    cappedNodePowerRule,
    ...scaleRules,
  ),
  v.title('mwpack cluster config'),
  v.description('Hardware and fabric assumptions for one mwpack memo. All hardware numbers are placeholders until calibrated.'),
)

/** cluster.json as written, after schema validation (defaults without dependencies filled in). */
export type ClusterConfigInput = v.InferOutput<typeof ClusterConfigSchema>
