// `{{ meta.title }}`: a memo citing a field of its own front matter, written into the prose as plain text.
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml'
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import type { FrontMatter } from './front-matter.js'

/** Whether a reference's inner text (`meta.title`, `meta.owner.name`) cites the front matter. */
export const citesFrontMatter = (inner: string): boolean => /^meta(?=$|[\s.|])/.test(inner)

/** `meta.` and a path of field names (letters, digits, `_`, `-`) and list indexes. */
const PATH = /^meta((?:\.[A-Za-z0-9_][\w-]*)+)$/

const fail = (message: string, hint: string): Outcome<string> => ({ ok: false, diagnostics: [error('MWP_MEMO_REFERENCE', message, { hint })] })

/**
 * The text a `{{ meta.PATH }}` reference becomes: the value of that field of
 * the front matter, which must be one value on one line (a string, number,
 * boolean or date). A plain YAML scalar is shown as written (`1.10` stays
 * `1.10`, not `1.1`), a quoted one as YAML reads it; Markdown punctuation in
 * it is escaped, so it reads as the text it is and cannot open emphasis, a
 * link, HTML or another reference; `startsBlock` says the reference starts
 * a line's text (after any `>` or list marker), where `- `, `+ `, `1. ` and
 * `#` would open a block. A missing field (with did-you-mean), a
 * list or a group of fields, an empty value, a value on several lines, or a
 * format (`| mw` applies to report figures) is an error; the caller places
 * it at the reference.
 */
export function citeFrontMatter(inner: string, frontMatter: FrontMatter | undefined, startsBlock = false): Outcome<string> {
  const [left = '', ...formats] = inner.split('|').map((part) => part.trim())
  const match = PATH.exec(left)
  if (!match)
    return fail('expected a front matter field, like {{ meta.title }}', 'name the field after "meta.": letters, digits, _ and -, with . between levels')
  if (formats.length > 0) return fail('a front matter field is shown as written; formats apply to report figures', `write {{ ${left} }}`)
  if (!frontMatter)
    return fail(
      `the memo has no front matter to take ${left} from`,
      'add one at the very top: a line ---, fields such as `title: Cluster sizing`, and a line ---',
    )

  const { document } = frontMatter
  let node: Node | null = document.contents
  let at = 'the front matter'
  for (const name of match[1]!.slice(1).split('.')) {
    if (isMap(node)) {
      const keys = node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []))
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === name)
      if (!pair) {
        const suggestion = didYouMean(name, keys)
        return fail(
          `${at} has no field "${name}"`,
          suggestion ? `did you mean "${suggestion}"?` : keys.length > 0 ? `fields: ${keys.slice(0, 12).join(', ')}` : 'it has no fields',
        )
      }
      node = pair.value as Node | null
    } else if (isSeq(node)) {
      const index = /^\d+$/.test(name) ? Number(name) : NaN
      if (!(index < node.items.length))
        return fail(`${at} is a list of ${node.items.length} values; it has no "${name}"`, `cite one by its place, from {{ ${at}.0 }}`)
      node = node.items[index] as Node | null
    } else if (node === null || (isScalar(node) && node.value === null)) {
      return fail(`the memo has no front matter fields to take ${left} from`, 'add fields such as `title: Cluster sizing` between its --- lines')
    } else {
      return fail(`${at} is one value; it has no field "${name}"`, `write {{ ${at} }}`)
    }
    at = at === 'the front matter' ? `meta.${name}` : `${at}.${name}`
    // An alias (`*name`) stands for the node its anchor names.
    if (isAlias(node)) node = node.resolve(document) ?? null
  }

  if (isMap(node)) {
    const first = node.items.find((pair) => isScalar(pair.key))
    return fail(`${left} holds fields, not one value`, first ? `cite one of them, like {{ ${left}.${String((first.key as Scalar).value)} }}` : 'it is empty')
  }
  if (isSeq(node)) return fail(`${left} is a list of ${node.items.length} values, not one value`, `cite one of them, like {{ ${left}.0 }}`)
  const text = isScalar(node) ? scalarText(node) : ''
  if (text === '') return fail(`${left} is empty`, 'give it a value in the front matter, or leave the reference out')
  if (text.includes('\n'))
    return fail(`${left} spans ${text.split('\n').length} lines; a reference stands in one line of prose`, 'cite a field that holds one line')
  return { ok: true, value: escapeMarkdown(text, startsBlock), diagnostics: [] }
}

/** A scalar as the memo shows it: a plain one as written, a quoted or block one as read; a block's final line break dropped. */
function scalarText(node: Scalar): string {
  if (node.value === null) return ''
  const text = node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : String(node.value)
  return text.replace(/\n+$/, '')
}

/**
 * Backslash-escapes the ASCII punctuation that can start or end Markdown
 * structure inline (CommonMark 2.4: any ASCII punctuation may be escaped),
 * so the value reads as written in both readings: `*`, `_`, `` ` ``, `[`,
 * `]`, `<`, `>`, `&`, `|` (a GFM table cell), `~`, `!`, `#`, `{` and `}` (a
 * reference), `\`; and where it starts a block, a list marker (`-`, `+`,
 * `1.`, `1)`) or a setext underline's `=`.
 */
function escapeMarkdown(text: string, startsBlock: boolean): string {
  const inline = text.replace(/[\\`*_{}[\]<>#!|~&]/g, '\\$&')
  return startsBlock ? inline.replace(/^(?:[-+=]|\d{1,9}(?=[.)]))/, (marker) => (/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`)) : inline
}
