// The upper bound of every number in cluster.json, with why each is where it is.

/**
 * Upper bounds. JSON can carry any magnitude, but a node does not draw a
 * terawatt: a value past these is a unit mistake (kW written as W, MW as W).
 * The schema checks them before any arithmetic, so the exact milliwatt sums
 * (power.ts) only ever see numbers they can hold: every watt figure times
 * 1,000 and every count stay far below 2^53. docs/model.md lists them.
 */
export const LIMITS = {
  /** 100 GW, well above any announced campus. */
  itCapMw: 100_000,
  /** The same at the meter. */
  gridMw: 100_000,
  /**
   * The smallest IT cap or grid connection: one milliwatt, the unit the model
   * sums in. A smaller cap rounds to no milliwatt at all, so the budget a
   * user wrote as above zero would silently be zero.
   */
  minCapMw: 0.000000001,
  /** A GPU, a switch or a node budget draws at least a milliwatt, the unit the model sums in. */
  minPartW: 0.001,
  /** 1 MW for any single node part or switch. */
  partW: 1_000_000,
  /** 10 MW budgeted for one node: ten NVL576-class racks' worth. */
  nodeW: 10_000_000,
  /** 1 MW per rack outside its nodes. */
  rackW: 1_000_000,
  /** 10 MW per rack, the hall's limit. */
  rackKw: 10_000,
  /** Nodes or compute trays in one rack. */
  nodesPerRack: 1024,
  /** Independent fabric planes; NVIDIA's largest designs use 2 to 8. */
  planes: 64,
  /** 10 kW for one optical module end. */
  opticW: 10_000,
  /** 100 GW of storage, management and other fixed load. */
  otherItW: 100_000_000_000,
  /** A rack-scale "node" (NVL576-class) stays far below this. */
  gpusPerNode: 4096,
  nicsPerNode: 1024,
  portsPerNic: 64,
  switchPorts: 65_536,
  /** 1 Pb/s per link. */
  linkGbps: 1_000_000,
  /** The largest node count mwpack will size; beyond it the inputs are almost surely in the wrong unit. */
  nodes: 1_000_000_000,
} as const
