// The one JSON writer for artifacts: two-space indent, trailing newline.
/**
 * The one way mwpack writes JSON artifacts: two-space indent, a trailing
 * newline, and key order exactly as the object was built. Callers build
 * objects in contract order (spec/model.md, spec/artifacts.md), so insertion
 * order is the order on disk.
 *
 * `JSON.stringify` is locale- and platform-independent for the values we emit
 * (finite numbers, strings, booleans, null), so the same object gives the same
 * bytes on every machine. Non-finite numbers would silently become `null`;
 * they are a bug here, so they throw.
 */
export function toStableJson(value: unknown): string {
  return `${JSON.stringify(value, rejectNonFinite, 2)}\n`
}

function rejectNonFinite(key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`refusing to write non-finite number at key "${key}"`)
  }
  return value
}
