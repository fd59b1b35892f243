// The one pipeline from input bytes to a normalized memo and a sized report.
import { error, escalateWarnings, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { decodeText } from '../memo/decode-text.js'
import { basename, checkName } from '../memo/memo-name.js'
import { normalizeMemo } from '../memo/normalize-memo.js'
import { resolveReferences, type ResolvedMemo } from '../memo/resolve-references.js'
import { FILE_LIMITS, tooLargeDiagnostic } from '../input-limits.js'
import { CLI_CONFIG_OPTION, missingConfigHint } from './config-lookup.js'
import type { ConfigSizer } from './config-sizings.js'
import { sizeConfigFile } from './size-config-file.js'

/** A file handed to the core: how the user named it, and its bytes. The core never opens files. */
export interface SourceFile {
  /** The path as the user or bundler named it: used in messages, never written into artifacts. */
  file: string
  bytes: Uint8Array
}

export interface PrepareInput {
  memo: SourceFile
  config?: SourceFile | undefined
  /** The artifact name (already chosen from the file name or `--name`); checked here. */
  name: string
  /** Which flag or option set the name, for the message when it is not allowed. */
  nameFrom?: string
  /** Treat sizing warnings (below_min_nodes, no feasible nodes) as errors. @default false */
  strict?: boolean
  /** How the caller names a config, for hints: `--config` (the default) or the plugin's option. */
  configOption?: string
  /**
   * Sizes the config: a build of many memos passes one {@link configSizings}
   * so memos sharing a config share its sizing. @default sizeConfigFile
   */
  sizeConfig?: ConfigSizer
}

/** Everything a memo becomes before it is packaged: the CLI writes it, the plugin serves and emits it. */
export interface PreparedMemo {
  name: string
  /** The bundle's memo.md: the memo normalized, its live references resolved from the report. */
  markdown: string
  /** Source map (v3, JSON) from memo.md back to the memo as written, when references were resolved; made on first read. */
  readonly markdownMap: string | undefined
  report: ClusterReport | undefined
  /** The inputs as text, for the manifest's hashes, and their file names (never directories). */
  memoSource: { fileName: string; text: string }
  configSource: { fileName: string; text: string } | undefined
  /** Warnings that did not stop the build. */
  diagnostics: Diagnostic[]
}

/**
 * The one pipeline from input bytes to validated, sized, normalized content.
 * Pure: bytes in, data out; every problem comes back as a diagnostic, all of
 * them at once where they are independent (a bad memo and a bad config are
 * both reported).
 */
export function prepareMemo(input: PrepareInput): { ok: true; value: PreparedMemo } | { ok: false; diagnostics: Diagnostic[] } {
  // Sizes first: the plugin and the CLI read within these limits already, a library caller may not.
  const oversized = [
    ...(input.memo.bytes.length > FILE_LIMITS.memoBytes ? [tooLargeDiagnostic('memo', input.memo.file, input.memo.bytes.length, FILE_LIMITS.memoBytes)] : []),
    ...(input.config && input.config.bytes.length > FILE_LIMITS.configBytes
      ? [tooLargeDiagnostic('cluster config', input.config.file, input.config.bytes.length, FILE_LIMITS.configBytes)]
      : []),
  ]
  if (oversized.length > 0) return { ok: false, diagnostics: oversized }

  const diagnostics: Diagnostic[] = []
  const nameProblem = checkName(input.name, input.nameFrom ? { flag: input.nameFrom } : { file: input.memo.file })
  if (nameProblem) diagnostics.push(nameProblem)

  const memoText = decodeText(input.memo.bytes, input.memo.file, { what: 'memo' })
  if (!memoText.ok) for (const d of memoText.diagnostics) diagnostics.push(d)
  const normalized = memoText.ok ? normalizeMemo(memoText.value) : ''
  if (memoText.ok && normalized === '') {
    diagnostics.push(error('MWP_FILE_EMPTY', 'the memo has no content, only whitespace', { file: input.memo.file, hint: 'write the memo, then build it' }))
  }

  const sized = input.config ? (input.sizeConfig ?? sizeConfigFile)(input.config) : undefined
  if (sized) for (const d of sized.diagnostics) diagnostics.push(d)

  // References are resolved only once the config is known good: with a broken config the
  // memo's references cannot be judged, and the config's own errors say what to fix.
  const resolved =
    memoText.ok && (!sized || sized.ok)
      ? resolveReferences(normalized, input.memo.file, sized?.ok ? sized.value.report : undefined, memoText.value.replace(/\r\n?/g, '\n'))
      : undefined
  // The memo's references do not know who is asking; the hint names the caller's way to give a config.
  const configOption = input.configOption ?? CLI_CONFIG_OPTION
  if (resolved) for (const d of resolved.diagnostics) diagnostics.push(d.code === 'MWP_MEMO_NEEDS_CONFIG' ? { ...d, hint: missingConfigHint(configOption) } : d)

  const final = input.strict ? escalateWarnings(diagnostics) : diagnostics
  if (hasErrors(final)) return { ok: false, diagnostics: final }
  return {
    ok: true,
    value: withLazyMap(
      {
        name: input.name,
        markdown: resolved?.markdown ?? normalized,
        report: sized?.ok ? sized.value.report : undefined,
        memoSource: { fileName: basename(input.memo.file), text: memoText.ok ? memoText.value : '' },
        configSource: input.config && sized?.ok ? { fileName: basename(input.config.file), text: sized.value.text } : undefined,
        diagnostics: final,
      },
      resolved,
    ),
  }
}

/** Adds `markdownMap` as a getter over the resolved memo alone, so keeping it keeps nothing else of the pipeline alive. */
function withLazyMap(value: Omit<PreparedMemo, 'markdownMap'>, resolved: ResolvedMemo | undefined): PreparedMemo {
  return Object.defineProperty(value, 'markdownMap', { enumerable: true, get: () => resolved?.map }) as PreparedMemo
}
