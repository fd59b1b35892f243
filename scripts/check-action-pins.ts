// GATE-SEC-001: every third-party action in the workflows is pinned to a full commit SHA with its version beside it.
//
// Run it with Node 24 (`node scripts/check-action-pins.ts`, types are stripped
// natively) or through `npm test`, which imports checkWorkflows. Workflow YAML
// is parsed with a real YAML parser, so quoting, flow style and comments cannot
// hide a `uses:` from the check.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { LineCounter, isScalar, parseDocument, visit } from 'yaml'

export interface PinFinding {
  file: string
  line: number
  uses: string
  problem: string
}

const SHA = /^[0-9a-f]{40}$/
const HEXISH = /^[0-9a-f]{7,40}$/i
/** Dependabot refreshes a pinned SHA's comment only when it ends with the exact tag, e.g. `# v7.0.1`. */
const VERSION_COMMENT = /^v\d+\.\d+\.\d+$/
const DIGEST = /@sha256:[0-9a-f]{64}$/

/** Every `uses:` in one workflow file, judged on its own. */
export function checkWorkflow(text: string, file: string): Array<PinFinding & { ref?: string; comment?: string }> {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  const found: Array<PinFinding & { ref?: string; comment?: string }> = []
  for (const error of doc.errors)
    found.push({ file, line: lines.linePos(error.pos[0]).line, uses: '', problem: `invalid YAML: ${error.message.split('\n')[0]}` })

  // The visitor can reach a node in a flow collection twice; judge each `uses:` value once.
  const seen = new Set<number>()
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'uses' || !isScalar(pair.value) || typeof pair.value.value !== 'string') return
      const uses = pair.value.value.trim()
      const [start, end] = pair.value.range ?? [0, 0]
      if (seen.has(start)) return
      seen.add(start)
      const line = lines.linePos(start).line
      const rest = text.slice(end, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end))
      const comment = /^\s+#\s*(.*?)\s*$/.exec(rest)?.[1]
      const at = (problem: string) => found.push({ file, line, uses, problem })

      if (uses.startsWith('./')) return // a local action: reviewed with the repository
      if (uses.startsWith('docker://')) {
        if (!DIGEST.test(uses)) at('a docker:// action must be pinned by digest (image@sha256:...)')
        return
      }
      const ref = uses.includes('@') ? uses.slice(uses.lastIndexOf('@') + 1) : ''
      if (!ref) return at('no ref: pin the action to a full 40-character commit SHA')
      if (!SHA.test(ref)) {
        if (HEXISH.test(ref)) return at(`short or uppercase SHA "${ref}": pin the full 40-character lowercase commit SHA`)
        return at(`ref "${ref}" is a tag or branch, which can move: pin the full 40-character commit SHA`)
      }
      if (comment === undefined) return at('missing version comment: write the tag after the SHA on the same line, e.g. `# v7.0.1`')
      if (!VERSION_COMMENT.test(comment)) return at(`version comment "# ${comment}" is not an exact tag like "# v7.0.1"`)
      found.push({ file, line, uses, problem: '', ref, comment })
    },
  })
  return found
}

/**
 * All workflows together: per-file problems, plus pins that contradict each
 * other (one commit labelled with two versions, or one version of an action
 * pinned to two commits), which means a comment went stale.
 */
export function checkWorkflows(files: ReadonlyArray<{ file: string; text: string }>): PinFinding[] {
  const all = files.flatMap(({ file, text }) => checkWorkflow(text, file))
  const problems: PinFinding[] = all.filter((f) => f.problem !== '')
  const pinned = all.filter((f) => f.problem === '')
  const versionOfSha = new Map<string, string>()
  const shaOfVersion = new Map<string, string>()
  for (const pin of pinned) {
    const action = pin.uses.slice(0, pin.uses.lastIndexOf('@')).split('/').slice(0, 2).join('/')
    const shaKey = `${action}@${pin.ref}`
    const versionKey = `${action}@${pin.comment}`
    const seenVersion = versionOfSha.get(shaKey)
    const seenSha = shaOfVersion.get(versionKey)
    if (seenVersion !== undefined && seenVersion !== pin.comment) {
      problems.push({ ...pin, problem: `version comment "# ${pin.comment}" disagrees with "# ${seenVersion}" elsewhere for the same commit` })
    } else if (seenSha !== undefined && seenSha !== pin.ref) {
      problems.push({ ...pin, problem: `${action} ${pin.comment} is pinned to ${seenSha} elsewhere: one of the comments is stale` })
    }
    versionOfSha.set(shaKey, pin.comment!)
    shaOfVersion.set(versionKey, pin.ref!)
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/** The workflow files of a repository, sorted so the output is stable. */
export function readWorkflows(root: string): Array<{ file: string; text: string }> {
  const dir = join(root, '.github/workflows')
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ file: `.github/workflows/${name}`, text: readFileSync(join(dir, name), 'utf8') }))
}

export function formatFinding(f: PinFinding): string {
  return `${f.file}:${f.line}: ${f.uses ? `${f.uses}: ` : ''}${f.problem}`
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const workflows = readWorkflows(process.cwd())
  const problems = checkWorkflows(workflows)
  for (const p of problems) console.error(formatFinding(p))
  console.log(problems.length === 0 ? `action pins: ${workflows.length} workflows, every action pinned` : `action pins: ${problems.length} problem(s)`)
  process.exitCode = problems.length === 0 ? 0 : 1
}
