// Writes the report v2 keys, in their order on disk, for one node count of one config.
import type { AnyClusterReport, LimitedBy, NodeCountStatus, SizingStatus } from './cluster-report.js'
import { REPORT_SCHEMA_VERSION } from './cluster-report.js'
import type { PowerCappingResult } from './power-capping.js'
import { facilityPower, toMegawatts } from './power-budget.js'
import { toWatts, type Milliwatts } from './power.js'
import type { NodeCountState, SizingModel } from './sizing-model.js'

/** What the caller decided: the answer's standing, and the studies that only a solve runs. */
export interface ReportHead {
  feasible: boolean
  status: SizingStatus | NodeCountStatus
  limited_by: LimitedBy | null
  nodes_at_nameplate: number | null
  power_capping: PowerCappingResult | null
}

/**
 * The report for `nodes` nodes (docs/model.md, "The report"). Every key is
 * written, in contract order; a key whose block is absent is null. When the
 * fabric cannot be built its counts, and every power figure that includes
 * them, are null: an unbuildable fabric has no defined power.
 */
export function assembleReport(model: SizingModel, nodes: number, state: NodeCountState, head: ReportHead): AnyClusterReport {
  const { config, budget } = model
  const { shape, power } = state
  const known = shape.buildable
  const ifKnown = <T>(value: T): T | null => (known ? value : null)
  const watts = (mw: Milliwatts) => toWatts(mw)
  const gpus = nodes * config.node.gpus_per_node
  const { fabric } = config
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    feasible: head.feasible,
    status: head.status,
    limited_by: head.limited_by,
    grid_w: budget.grid === undefined ? null : watts(budget.grid),
    peak_pue: config.facility?.peak_pue ?? null,
    it_cap_w: watts(budget.itCap),
    margin_w: watts(budget.itCap - budget.usable),
    usable_cap_w: watts(budget.usable),
    nodes,
    gpus,
    gpus_per_mw: perMegawatt(gpus, budget.itCap),
    gpus_per_grid_mw: budget.grid === undefined ? null : perMegawatt(gpus, budget.grid),
    racks: state.racks ?? null,
    rack_power_w: config.rack ? watts(BigInt(config.rack.nodes_per_rack) * model.nodeMw + model.costs.rack) : null,
    tiers: ifKnown(shape.tiers),
    planes: fabric.planes,
    leaves: ifKnown(shape.leaves),
    spines: ifKnown(shape.spines),
    cores: ifKnown(shape.cores),
    host_ports: ifKnown(shape.hostPorts),
    uplinks_total: ifKnown(shape.uplinks),
    spine_uplinks_total: ifKnown(shape.spineUplinks),
    oversubscription_ratio: known && shape.tiers >= 2 ? (shape.hostPorts * fabric.host_link_gbps) / (shape.uplinks * fabric.uplink_gbps) : null,
    leaf_oversubscription_ratio: (fabric.leaf_host_ports * fabric.host_link_gbps) / (fabric.leaf_uplink_ports * fabric.uplink_gbps),
    p_node_w: watts(model.nodeMw),
    p_node_nameplate_w: watts(model.nameplateMw),
    p_node_total_w: watts(power.nodes),
    p_switching_w: ifKnown(watts(power.switching)),
    p_optics_w: ifKnown(watts(power.optics)),
    p_rack_w: config.rack ? watts(power.racks) : null,
    p_other_it_w: watts(power.otherIt),
    p_total_w: ifKnown(watts(power.total)),
    facility_w: known && budget.peakPue ? watts(facilityPower(power.total, budget.peakPue)) : null,
    headroom_w: ifKnown(watts(budget.usable - power.total)),
    nodes_at_nameplate: head.nodes_at_nameplate,
    power_capping: head.power_capping,
    inputs: config,
  } as AnyClusterReport
}

/** GPUs per megawatt of `mw` milliwatts; 0 for a budget below one milliwatt, where no node fits (never 0/0). */
function perMegawatt(gpus: number, mw: Milliwatts): number {
  return mw === 0n ? 0 : gpus / toMegawatts(mw)
}
