// Validates cluster.json text with positions for every problem.
import * as v from 'valibot'
import { error, type Diagnostic, type Outcome, type SourcePosition } from '../diagnostics/diagnostic.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { formatPath, parseLocatedJson, type LocatedJson, type PathItem } from '../json/parse-located-json.js'
import { ClusterConfigSchema, LIMITS, resolveDefaults, type ClusterConfig } from './cluster-schema.js'
import { allObjectPaths, isIntegerAt, keysAt, schemaAt } from './schema-shape.js'
import { nodePowerMw, toMilliwatts } from './power.js'

/**
 * cluster.json text in, a validated config with defaults out, or every
 * problem at once, each with file:line:column, the JSON path, what was found
 * and what was expected.
 */
export function validateClusterConfig(text: string, file: string): Outcome<ValidatedConfig> {
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [error('MWP_FILE_EMPTY', 'the cluster config is empty; expected a JSON object', { file, position: { line: 1, column: 1 } })],
    }
  }
  const parsed = parseLocatedJson(text, file)
  if (!parsed.ok) return parsed
  const { json } = parsed
  const diagnostics = [...parsed.diagnostics]

  const root = json.value
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    diagnostics.push(
      error('MWP_CONFIG_NOT_OBJECT', `expected a JSON object at the top level, found ${describeFound(root, json.rawText([]))}`, {
        file,
        position: json.locate([]),
      }),
    )
    return { ok: false, diagnostics }
  }

  const result = v.safeParse(ClusterConfigSchema, root, { abortEarly: false, abortPipeEarly: false })
  // valibot's object schemas accept arrays (`typeof [] === 'object'`); JSON users mean a mistake.
  const arrays = arraysWhereObjectsBelong(root)
  for (const path of arrays) {
    diagnostics.push(
      error('MWP_CONFIG_TYPE', `${formatPath(path)}: expected an object, found an array`, { file, path: formatPath(path), position: json.locate(path) }),
    )
  }
  const pairs = malformedCurvePoints(root as Record<string, unknown>, json, file)
  diagnostics.push(...pairs.map((p) => p.diagnostic))
  // Those two checks say it better than the schema's issues under the same paths would.
  const shadowed = [...arrays, ...pairs.map((p) => p.path)]
  if (!result.success) {
    for (const issue of result.issues) {
      const path = issuePath(issue)
      if (shadowed.some((a) => a.every((item, i) => String(item) === String(path[i])))) continue
      diagnostics.push(issueToDiagnostic(issue, json, file))
    }
  }
  diagnostics.push(...checkIntegerLiterals(json, file))
  diagnostics.push(...checkCrossFieldRules(root as Record<string, unknown>, json, file))

  if (!result.success || diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: sortByPosition(diagnostics) }
  return { ok: true, value: { config: resolveDefaults(result.output), positionOf: (path) => json.locate(path) }, diagnostics }
}

export interface ValidatedConfig {
  config: ClusterConfig
  /** Where a key's value sits in the file, for diagnostics found after validation (sizing warnings). */
  positionOf(path: readonly PathItem[]): SourcePosition
}

type Issue = v.InferIssue<typeof ClusterConfigSchema>

function issuePath(issue: Issue): PathItem[] {
  return (issue.path ?? []).map((item) => item.key as PathItem)
}

function issueToDiagnostic(issue: Issue, json: LocatedJson, file: string): Diagnostic {
  const path = issuePath(issue)
  const dotted = formatPath(path)
  const where = { file, path: dotted }

  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const key = String(path.at(-1))
    const parent = path.slice(0, -1)
    return error('MWP_CONFIG_UNKNOWN_KEY', `unknown key "${dotted}"`, {
      ...where,
      position: json.locateKey(path),
      hint: unknownKeyHint(key, parent) ?? `allowed here: ${keysAt(ClusterConfigSchema, parent).join(', ')}`,
    })
  }
  if (issue.received === 'undefined' && issue.kind === 'schema') {
    const parent = path.slice(0, -1)
    return error('MWP_CONFIG_MISSING_KEY', `missing required key "${dotted}"`, {
      ...where,
      position: json.locate(parent),
      hint: `add "${String(path.at(-1))}" to ${parent.length ? `"${formatPath(parent)}"` : 'the top-level object'}`,
    })
  }
  const found = describeFound(issue.input, json.rawText(path))
  const position = json.locate(path)
  switch (issue.kind === 'schema' ? 'type' : issue.type) {
    case 'type':
      return error('MWP_CONFIG_TYPE', `${dotted}: expected ${expectedType(issue.type)}, found ${found}`, { ...where, position })
    case 'integer':
      return error('MWP_CONFIG_NOT_INTEGER', `${dotted}: expected a whole number, found ${found}`, { ...where, position })
    default:
      return error('MWP_CONFIG_RANGE', `${dotted}: expected ${expectedRange(issue)}, found ${found}`, { ...where, position })
  }
}

/** Paths where the schema wants an object and the document has an array. */
function arraysWhereObjectsBelong(root: unknown): PathItem[][] {
  const out: PathItem[][] = []
  const visit = (value: unknown, path: PathItem[]) => {
    if (Array.isArray(value)) {
      if (schemaAt(ClusterConfigSchema, path)?.entries) out.push(path)
      else value.forEach((item, i) => visit(item, [...path, i]))
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key])
    }
  }
  visit(root, [])
  return out
}

function expectedType(schemaType: string): string {
  switch (schemaType) {
    case 'number':
      return 'a number'
    case 'string':
      return 'a string'
    case 'boolean':
      return 'true or false'
    case 'array':
      return 'an array'
    default:
      return 'an object'
  }
}

function expectedRange(issue: Issue): string {
  const r = issue.requirement
  switch (issue.type) {
    case 'finite':
      return 'a finite number'
    case 'gt_value':
      return `a number > ${String(r)}`
    case 'min_value':
      return `a number >= ${String(r)}`
    case 'max_value':
      return `a number <= ${String(r)}`
    case 'non_empty':
      return 'a non-empty string'
    case 'max_length':
      return `at most ${String(r)} ${Array.isArray(issue.input) ? 'items' : 'characters'}`
    case 'min_length':
      return `at least ${String(r)} item${r === 1 ? '' : 's'}`
    default:
      return issue.expected ?? 'a valid value'
  }
}

/** A short, exact rendering of what the user wrote: the source text when we have it. */
function describeFound(value: unknown, raw: string | undefined): string {
  const text = raw === undefined ? (JSON.stringify(value) ?? String(value)) : raw.length > 40 ? `${raw.slice(0, 37)}...` : raw
  if (value === null) return 'null'
  if (typeof value === 'boolean') return `${text} (a boolean)`
  if (typeof value === 'string') return `${text} (a string)`
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return text
}

/** Unknown key: a near-miss among its siblings, else the same key where it belongs elsewhere. */
function unknownKeyHint(key: string, parent: PathItem[]): string | undefined {
  const sibling = didYouMean(key, keysAt(ClusterConfigSchema, parent))
  if (sibling) return `did you mean "${sibling}"?`
  const home = allObjectPaths(ClusterConfigSchema).find((o) => o.keys.includes(key))
  if (home) return `"${key}" belongs in ${home.path.length ? `"${home.path.join('.')}"` : 'the top-level object'}`
  return undefined
}

/**
 * A count written `8.0` or `1e3` is whole in value but not in intent; JSON
 * Schema would accept it, mwpack asks for the plain integer (spec/model.md,
 * "`1.0` is an integer only if the schema says number").
 */
function checkIntegerLiterals(json: LocatedJson, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const visit = (value: unknown, path: PathItem[]) => {
    if (typeof value === 'number') {
      const raw = json.rawText(path)
      if (raw !== undefined && Number.isInteger(value) && !/^-?\d+$/.test(raw) && isIntegerAt(ClusterConfigSchema, path)) {
        out.push(
          error('MWP_CONFIG_NOT_INTEGER', `${formatPath(path)}: expected a whole number written without a fraction or exponent, found ${raw}`, {
            file,
            path: formatPath(path),
            position: json.locate(path),
            hint: `write ${value}`,
          }),
        )
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]))
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key])
    }
  }
  visit(json.value, [])
  return out
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

/**
 * Rules that span keys. Each runs whenever the keys it reads are usable
 * numbers, so they are reported alongside schema errors elsewhere.
 */
function checkCrossFieldRules(root: Record<string, unknown>, json: LocatedJson, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const fabric = obj(root.fabric)
  const leaf = obj(fabric?.leaf)
  const h = num(fabric?.leaf_host_ports)
  const u = num(fabric?.leaf_uplink_ports)
  const ports = num(leaf?.ports)
  // INV-002: a leaf cannot give more ports to hosts and uplinks than it has.
  if (h !== undefined && u !== undefined && ports !== undefined && h + u > ports) {
    out.push(
      error('MWP_CONFIG_LEAF_PORTS', `fabric.leaf_host_ports + fabric.leaf_uplink_ports = ${h + u} exceeds fabric.leaf.ports = ${ports}`, {
        file,
        path: 'fabric.leaf_host_ports',
        position: json.locate(['fabric', 'leaf_host_ports']),
        hint: 'split the leaf ports between hosts and uplinks (INV-002)',
      }),
    )
  }

  // A cap that fits more than LIMITS.nodes nodes is almost surely a unit slip,
  // and past it the exact milliwatt arithmetic would no longer be exact.
  const node = obj(root.node)
  const cap = num(root.it_cap_mw)
  if (node && cap !== undefined && cap > 0) {
    const parts = ['gpus_per_node', 'gpu_w', 'cpu_w', 'dram_w', 'nvme_w', 'nic_w', 'node_aux_w', 'nics_per_node'].map((k) => num(node[k]))
    const countsAreWhole = Number.isInteger(parts[0]) && Number.isInteger(parts[7])
    if (countsAreWhole && parts.every((p) => p !== undefined && p >= 0)) {
      const [gpus, gpuW, cpuW, dramW, nvmeW, nicW, auxW, nics] = parts as number[]
      const pNode = nodePowerMw({
        gpus_per_node: gpus!,
        gpu_w: gpuW!,
        cpu_w: cpuW!,
        dram_w: dramW!,
        nvme_w: nvmeW!,
        nic_w: nicW!,
        node_aux_w: auxW!,
        nics_per_node: nics!,
      })
      const capMw = toMilliwatts(cap * 1e6)
      if (pNode === 0n || capMw / pNode > BigInt(LIMITS.nodes)) {
        out.push(
          error('MWP_CONFIG_SCALE', `it_cap_mw = ${cap} fits more than ${LIMITS.nodes} nodes of ${Number(pNode) / 1000} W each`, {
            file,
            path: 'it_cap_mw',
            position: json.locate(['it_cap_mw']),
            hint: 'node watts are in watts and the cap in megawatts; check the units',
          }),
        )
      }
    }
  }

  out.push(...checkCurve(root, json, file))
  return out
}

/**
 * Curve points are `[power_fraction, throughput_fraction]` pairs. Anything
 * else (an object, one number, three) gets one message naming the pair
 * shape, instead of the schema's per-position complaints.
 */
function malformedCurvePoints(root: Record<string, unknown>, json: LocatedJson, file: string): Array<{ path: PathItem[]; diagnostic: Diagnostic }> {
  const curve = obj(root.power_capping)?.curve
  if (!Array.isArray(curve)) return []
  const out: Array<{ path: PathItem[]; diagnostic: Diagnostic }> = []
  curve.forEach((point: unknown, i) => {
    if (Array.isArray(point) && point.length === 2) return
    const path: PathItem[] = ['power_capping', 'curve', i]
    const found = Array.isArray(point) ? `${point.length} value${point.length === 1 ? '' : 's'}` : describeFound(point, json.rawText(path))
    const f = num(obj(point)?.fraction ?? obj(point)?.power_fraction)
    const t = num(obj(point)?.throughput ?? obj(point)?.throughput_fraction)
    out.push({
      path,
      diagnostic: error('MWP_CONFIG_CURVE', `${formatPath(path)}: expected a [power_fraction, throughput_fraction] pair, found ${found}`, {
        file,
        path: formatPath(path),
        position: json.locate(path),
        hint: f !== undefined && t !== undefined ? `write [${f}, ${t}]` : 'write each point as [power_fraction, throughput_fraction], e.g. [0.8, 0.95]',
      }),
    })
  })
  return out
}

/**
 * The capping curve must be usable as T(f) on [min_fraction, 1]: power
 * strictly increasing, throughput never falling (more power never costs
 * throughput; the optimizer relies on it), ending at [1, 1].
 */
function checkCurve(root: Record<string, unknown>, json: LocatedJson, file: string): Diagnostic[] {
  const capping = obj(root.power_capping)
  const curve = capping?.curve
  if (!capping || !Array.isArray(curve) || curve.length === 0) return []
  const points = curve.map((p) => (Array.isArray(p) && p.length === 2 ? { f: num(p[0]), t: num(p[1]) } : { f: undefined, t: undefined }))
  if (points.some((p) => p.f === undefined || p.t === undefined)) return []
  const out: Diagnostic[] = []
  const at = (i: number, item: 0 | 1) => {
    const path: PathItem[] = ['power_capping', 'curve', i, item]
    return { file, path: formatPath(path), position: json.locate(path) }
  }
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!]
    if (b.f! <= a.f!) {
      out.push(
        error('MWP_CONFIG_CURVE', `power_capping.curve[${i}]: power fraction ${b.f} must be greater than the previous point's ${a.f}`, {
          ...at(i, 0),
          hint: 'list the points from the lowest power to full power, each power once',
        }),
      )
    }
    if (b.t! < a.t!) {
      out.push(
        error(
          'MWP_CONFIG_CURVE',
          `power_capping.curve[${i}]: throughput fraction ${b.t} is below the previous point's ${a.t}; throughput must not fall as power rises`,
          {
            ...at(i, 1),
            hint: 'a measured dip is noise: use the running maximum, or measure again',
          },
        ),
      )
    }
  }
  const last = points.at(-1)!
  if (last.f !== 1 || last.t !== 1) {
    out.push(
      error('MWP_CONFIG_CURVE', `the last power_capping.curve point must be [1, 1] (full power, full throughput), found [${last.f}, ${last.t}]`, {
        ...at(points.length - 1, last.f !== 1 ? 0 : 1),
        hint: 'throughput fractions are relative to full power: end the curve with [1, 1]',
      }),
    )
  }
  const minFraction = num(capping.min_fraction)
  if (minFraction !== undefined && points[0]!.f! > minFraction) {
    out.push(
      error(
        'MWP_CONFIG_CURVE',
        `power_capping.min_fraction = ${minFraction} is below the curve's first power fraction ${points[0]!.f}; the curve must cover [min_fraction, 1]`,
        {
          file,
          path: 'power_capping.min_fraction',
          position: json.locate(['power_capping', 'min_fraction']),
          hint: `measure a point at ${minFraction}, or raise min_fraction to ${points[0]!.f} (or leave it out: it defaults to the first point)`,
        },
      ),
    )
  }
  return out
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  // Stable sort: top-to-bottom as in the file, ties in discovery order.
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const pa = a.d.position ?? { line: 0, column: 0 }
      const pb = b.d.position ?? { line: 0, column: 0 }
      return pa.line - pb.line || pa.column - pb.column || a.i - b.i
    })
    .map((x) => x.d)
}
