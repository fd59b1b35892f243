// valibot actions that carry mwpack's diagnostic code and hint: cross-field rules, list rules, JSON objects and pairs.
import * as v from 'valibot'
import type { DiagnosticCode } from '../diagnostics/diagnostic.js'

/**
 * The schema is the one place for every rule of cluster.json, the ones that
 * span keys included. valibot's own `partialCheck` (run a rule only when the
 * keys it reads are valid) and `forward` (report it at one of those keys) do
 * the work; what they cannot carry is mwpack's stable diagnostic code and a
 * hint, so the issues these actions add are tagged with both, and
 * `config-issues.ts` turns them into diagnostics as they are.
 */
export interface RuleTag {
  code: DiagnosticCode
  hint?: string
}

/** A valibot issue, with mwpack's tag when a rule of ours raised it. */
export type TaggedIssue = v.BaseIssue<unknown> & { mwpack?: RuleTag }

/** The tag of an issue raised by one of our rules, if it was. */
export function ruleTagOf(issue: v.BaseIssue<unknown>): RuleTag | undefined {
  return (issue as TaggedIssue).mwpack
}

type Dataset = v.OutputDataset<unknown, v.BaseIssue<unknown>>

/** Runs `action` and tags every issue it added. */
function tagged<T extends v.GenericValidation>(action: T, tag: (issue: v.BaseIssue<unknown>) => RuleTag): T {
  return {
    ...action,
    '~run'(dataset: Dataset, config: v.Config<v.BaseIssue<unknown>>) {
      const before = new Set(dataset.issues ?? [])
      const out = action['~run'](dataset, config)
      for (const issue of out.issues ?? []) if (!before.has(issue)) (issue as TaggedIssue).mwpack = tag(issue)
      return out
    },
  }
}

/**
 * A rule as a pipe item. Rules are written against the few keys they read
 * (structural types), not the whole object's inferred type, so they fit the
 * pipe of any object that has those keys.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Rule = v.GenericValidation<any>

/**
 * `schema` with `rules` run after it, typed as `schema` itself: the rules
 * check and never transform, so the value's type is the schema's.
 */
export function withRules<const S extends v.GenericSchema>(schema: S, ...rules: [Rule, ...Rule[]]): S {
  return v.pipe(schema, ...rules) as unknown as S
}

/** A path into the object a rule sits on, e.g. `['leaf', 'ports']`. */
export type RulePath = readonly [string | number, ...(string | number)[]]

/**
 * A rule over several keys of one object: valibot's `partialCheck` forwarded
 * to the key in `at`. `holds`, `message` and `hint` receive the object as
 * validated so far.
 *
 * partialCheck waits until the keys it reads have the right type; a rule here
 * also waits until they pass their range checks, so it never sees a number
 * the schema refused (1e300 watts would overflow the exact milliwatt sums)
 * and never adds a second complaint about a value already reported.
 */
export function crossFieldRule<T>(rule: {
  code: DiagnosticCode
  reads: readonly RulePath[]
  at: RulePath
  holds: (value: T) => boolean
  message: (value: T) => string
  hint?: (value: T) => string
}): Rule {
  // valibot types partialCheck's paths against the object's type; the rules are written against
  // plain structural types instead, so the generic plumbing is bypassed here, once.
  const check = v.partialCheck(rule.reads as never, (value: unknown) => rule.holds(value as T), ((issue: v.BaseIssue<unknown>) =>
    rule.message(issue.input as T)) as never)
  const forwarded = v.forward(check as never, rule.at as never) as v.GenericValidation
  const guarded: v.GenericValidation = {
    ...forwarded,
    '~run'(dataset, config) {
      return hasIssueUnder(dataset.issues, rule.reads) ? dataset : forwarded['~run'](dataset, config)
    },
  }
  return tagged(guarded, (issue) => ({ code: rule.code, ...(rule.hint && { hint: rule.hint(issue.input as T) }) }))
}

/** Whether any issue sits at, under or above one of `paths` (an object refused as a whole counts too). */
function hasIssueUnder(issues: readonly v.BaseIssue<unknown>[] | undefined, paths: readonly RulePath[]): boolean {
  return (issues ?? []).some((issue) => {
    const at = issue.path ?? []
    return paths.some((path) => path.slice(0, at.length).every((key, i) => key === at[i]!.key))
  })
}

/** One finding of a list rule: where (relative to the list), what, and how to fix it. */
export interface Finding {
  at: RulePath
  message: string
  hint?: string
}

/**
 * A rule over a whole list whose findings sit at different items (a curve
 * point out of order). Runs only when every item passed its own checks.
 */
export function listRule<T>(code: DiagnosticCode, find: (items: readonly T[]) => Finding[]): Rule {
  return v.rawCheck<T[]>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.issues) return
    const issues = (): TaggedIssue[] => (dataset as { issues?: TaggedIssue[] }).issues ?? []
    for (const finding of find(dataset.value)) {
      addIssue({ message: finding.message, path: issuePath(dataset.value, finding.at) })
      const issue = issues().at(-1)!
      issue.mwpack = { code, ...(finding.hint && { hint: finding.hint }) }
    }
  })
}

function issuePath(root: unknown, at: RulePath): [v.IssuePathItem, ...v.IssuePathItem[]] {
  let input = root as Record<string | number, unknown>
  return at.map((key) => {
    const value = input?.[key]
    const item = { type: 'unknown', origin: 'value', input, key, value } as unknown as v.IssuePathItem
    input = value as Record<string | number, unknown>
    return item
  }) as [v.IssuePathItem, ...v.IssuePathItem[]]
}

/**
 * A strict object that is also not an array. valibot's object schemas take
 * any `typeof x === 'object'`, so `"leaf": [64]` would read as an object with
 * three missing keys; in JSON it is one mistake, a list where an object
 * belongs, and it is reported once, as that.
 */
export function jsonObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const schema = v.strictObject(entries)
  return {
    ...schema,
    '~run'(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      if (!Array.isArray(dataset.value)) return schema['~run'](dataset, config)
      v._addIssue(schema, 'type', dataset, config)
      return dataset as never
    },
  } as typeof schema
}

/**
 * A strict tuple of two, whose wrong shapes (an object, one number, three)
 * get one message naming the pair instead of valibot's per-position ones.
 * `describe` says what was found and how to rewrite it.
 */
export function pairTuple<const TItems extends readonly [v.GenericSchema, v.GenericSchema]>(
  items: TItems,
  code: DiagnosticCode,
  describe: (found: unknown) => { message: string; hint: string },
) {
  const schema = v.strictTuple(items)
  return {
    ...schema,
    '~run'(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      if (Array.isArray(dataset.value) && dataset.value.length === 2) return schema['~run'](dataset, config)
      const { message, hint } = describe(dataset.value)
      v._addIssue(schema, 'type', dataset, config, { message })
      const issue = (dataset as unknown as { issues: TaggedIssue[] }).issues.at(-1)!
      issue.mwpack = { code, hint }
      return dataset as never
    },
  } as typeof schema
}
