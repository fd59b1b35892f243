// Counts written `8.0` or `1e3`: whole in value, not in intent; found in the JSON text, where the schema cannot look.
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { formatPath, type LocatedJson, type PathItem } from '../json/parse-located-json.js'
import { isIntegerAt, type SchemaLike } from './schema-shape.js'

/**
 * A count written `8.0` or `1e3` is whole in value but not in intent; JSON
 * Schema would accept it, mwpack asks for the plain integer ("`1.0` is an
 * integer only if the schema says number", docs/model.md). The schema says
 * which keys are counts; the text says how each was written, which valibot
 * never sees, so this one rule reads the document rather than the value.
 * Values already refused (`refused`: their dotted paths) get no second complaint.
 */
export function checkIntegerLiterals(json: LocatedJson, file: string, schema: SchemaLike, refused: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = []
  const visit = (value: unknown, path: PathItem[]) => {
    if (typeof value === 'number') {
      const raw = json.rawText(path)
      if (raw !== undefined && !refused.has(formatPath(path)) && Number.isInteger(value) && !/^-?\d+$/.test(raw) && isIntegerAt(schema, path)) {
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
