// The fabric trade study a memo cites: the same cluster with its fabric ports split over 1, 2, 4, ... planes.
import type { ClusterConfig } from '../cluster/cluster-config.js'
import { LIMITS } from '../cluster/config-limits.js'
import { railsPerNode } from '../cluster/fabric-shape.js'
import { sizeCluster } from '../cluster/size-cluster.js'
import type { Outcome } from '../diagnostics/diagnostic.js'

/** The sizing of one plane count (`{{ by_planes.2.nodes }}`): every field a number. */
export interface PlanePoint {
  /** Independent fabrics the node's R ports are split over. */
  planes: number
  nodes: number
  gpus: number
  gpus_per_mw: number
  /** Tiers of one plane. */
  tiers: number
  /** Switches over all planes. */
  leaves: number
  spines: number
  cores: number
  p_switching_w: number
  p_optics_w: number
  /** p_switching_w + p_optics_w. */
  p_fabric_w: number
}

/**
 * Sizes the config (without its capping study) at every plane count that
 * divides the node's fabric ports R, up to the schema's bound, everything
 * else as configured: the fabric trade study of docs/model.md, "Planes",
 * computed rather than argued. Keyed by the plane count.
 */
export function planeStudy(config: ClusterConfig): Outcome<Record<string, PlanePoint>> {
  const { power_capping: _, ...uncapped } = config
  const rails = railsPerNode(config)
  const points: Record<string, PlanePoint> = {}
  for (let planes = 1; planes <= Math.min(rails, LIMITS.planes); planes++) {
    if (rails % planes !== 0) continue
    const sized = sizeCluster({ ...uncapped, fabric: { ...config.fabric, planes } } as ClusterConfig)
    if (!sized.ok) return sized
    const r = sized.value
    points[String(planes)] = {
      planes,
      nodes: r.nodes,
      gpus: r.gpus,
      gpus_per_mw: r.gpus_per_mw,
      tiers: r.tiers,
      leaves: r.leaves,
      spines: r.spines,
      cores: r.cores,
      p_switching_w: r.p_switching_w,
      p_optics_w: r.p_optics_w,
      p_fabric_w: (Math.round(r.p_switching_w * 1000) + Math.round(r.p_optics_w * 1000)) / 1000,
    }
  }
  return { ok: true, value: points, diagnostics: [] }
}
