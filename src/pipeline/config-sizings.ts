// Sizes each distinct cluster config once for many memos: the memos of one site mostly share their assumptions.
import type { SourceFile } from './prepare-memo.js'
import { sizeConfigFile, type SizedConfig } from './size-config-file.js'

/** Sizes a cluster config file; the same contract as {@link sizeConfigFile}. */
export type ConfigSizer = (source: SourceFile) => SizedConfig

/** How many distinct configs a sizer keeps by default: a site's few shared configs, bounded for a long dev session. */
const DEFAULT_CONFIGS = 16

/**
 * A {@link ConfigSizer} that remembers the last `configs` distinct config
 * contents it sized. Memos citing the same cluster.json, or copies of it with
 * the same bytes, get the same report object, so the sizing (a solve plus the
 * power-capping study) is done once, and so is everything worked out from the
 * report later (the memo sweep, the values and tables cited from it: see
 * `referenceEvaluator`).
 *
 * The answer is exactly what {@link sizeConfigFile} gives for that file:
 * keyed by the bytes, never by the path, and a report shared between memos is
 * deeply frozen so no memo's use of it can change another's. A config whose
 * sizing gave diagnostics is reused only under the same file name, because
 * each diagnostic names and places it in its own file; under another name it
 * is sized again.
 */
export function configSizings(configs = DEFAULT_CONFIGS): ConfigSizer {
  const sized = new Map<string, { file: string; outcome: SizedConfig }>()
  return (source) => {
    // Latin-1 maps each byte to one character: equal keys are equal bytes, whatever the encoding.
    const key = Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength).toString('latin1')
    const known = sized.get(key)
    if (known && (known.file === source.file || known.outcome.diagnostics.length === 0)) {
      // Most recently used last, so the oldest is the first to go.
      sized.delete(key)
      sized.set(key, known)
      return known.outcome
    }
    const outcome = sizeConfigFile(source)
    deepFreeze(outcome)
    sized.delete(key)
    sized.set(key, { file: source.file, outcome })
    if (sized.size > configs) sized.delete(sized.keys().next().value!)
    return outcome
  }
}

/** Freezes an outcome (its report, text and diagnostics) and every object and array in it. */
function deepFreeze(outcome: SizedConfig): void {
  const pending: object[] = [outcome]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Object.isFrozen(next)) continue
    Object.freeze(next)
    for (const value of Object.values(next)) if (typeof value === 'object' && value !== null) pending.push(value)
  }
}
