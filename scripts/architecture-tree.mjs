// Keeps the file table in docs/architecture.md in step with the tree.
//
// One line per source file: its size and its one-line header comment.
// `npm run docs` rewrites the block between the markers; a test fails when the
// committed block is stale.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const DOC = 'docs/architecture.md'
const BEGIN = '<!-- tree:begin (npm run docs) -->'
const END = '<!-- tree:end -->'
const ROOTS = ['src', 'scripts']

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name)
      return statSync(full).isDirectory() ? files(full) : [full]
    })
}

/** The file's one-line header: the first `//` line (after a shebang). Every file has one; a test checks. */
export function header(text) {
  return /^(?:#![^\n]*\n)?\/\/ ([^\n]+)/.exec(text)?.[1] ?? ''
}

export function renderTree() {
  const rows = ROOTS.flatMap(files).map((file) => {
    const text = readFileSync(file, 'utf8')
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
    return `| \`${file}\` | ${lines} | ${header(text).replace(/\|/g, '\\|')} |`
  })
  return [BEGIN, '| file | lines | what it does |', '| --- | ---: | --- |', ...rows, END].join('\n')
}

export function currentTree() {
  const doc = readFileSync(DOC, 'utf8')
  return doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const doc = readFileSync(DOC, 'utf8')
  writeFileSync(DOC, doc.replace(currentTree(), renderTree()))
  console.log(`updated the tree in ${DOC}`)
}
