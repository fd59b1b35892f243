// The model's view of one config: every figure in exact units, computed once, and whether N nodes can be built.
import type { ClusterConfig } from './cluster-config.js'
import { fabricShape, type FabricShape, type ModelRules } from './fabric-shape.js'
import { powerBudget, type PowerBudget } from './power-budget.js'
import { clusterPower, nodeGpuPowerMw, nodePowerMw, powerCosts, provisionedNodeMw, type Milliwatts, type PowerBreakdown, type PowerCosts } from './power.js'

/** One config, ready to evaluate at any node count (docs/model.md). */
export interface SizingModel {
  config: ClusterConfig
  rules: ModelRules
  budget: PowerBudget
  /** p_node: provisioned_w when given, else the nameplate. */
  nodeMw: Milliwatts
  /** The component sum, always. */
  nameplateMw: Milliwatts
  /** GPU milliwatts of one node at full power: what power capping scales. */
  gpuNodeMw: Milliwatts
  costs: PowerCosts
  /** Node counts come in multiples of this: nodes_per_rack with whole racks, else 1. */
  step: number
}

export function sizingModel(config: ClusterConfig, rules: ModelRules = 'v2'): SizingModel {
  const rack = config.rack
  return {
    config,
    rules,
    budget: powerBudget(config),
    nodeMw: provisionedNodeMw(config.node),
    nameplateMw: nodePowerMw(config.node),
    gpuNodeMw: nodeGpuPowerMw(config.node),
    costs: powerCosts(config),
    step: rack?.whole_racks ? rack.nodes_per_rack : 1,
  }
}

/** racks(N) = ceil(N / nodes_per_rack); undefined without a rack block. */
export function racksFor(model: SizingModel, n: number): number | undefined {
  const rack = model.config.rack
  return rack ? Math.ceil(n / rack.nodes_per_rack) : undefined
}

/** Whether N nodes fit the floor: racks(N) <= max_racks (always, without a limit). */
export function fitsFloor(model: SizingModel, n: number): boolean {
  const max = model.config.rack?.max_racks
  return max === undefined || racksFor(model, n)! <= max
}

/** Everything about N nodes: the fabric, the racks and the power, term by term (with `nodeMw` per node). */
export interface NodeCountState {
  shape: FabricShape
  racks: number | undefined
  power: PowerBreakdown
}

export function stateAt(model: SizingModel, n: number, nodeMw: Milliwatts = model.nodeMw): NodeCountState {
  const shape = fabricShape(n, model.config, model.rules)
  const racks = racksFor(model, n)
  return { shape, racks, power: clusterPower(n, shape, racks ?? 0, model.costs, nodeMw) }
}

/**
 * Can `n` nodes (a multiple of the step) be built, fit the floor and stay
 * within the usable cap? Monotone in n: true up to the answer, false after.
 */
export function fits(model: SizingModel, n: number): boolean {
  if (!fitsFloor(model, n)) return false
  const { shape, power } = stateAt(model, n)
  return shape.buildable && power.total <= model.budget.usable
}
