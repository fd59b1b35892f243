// The one order of entries and manifest paths: the byte order of their UTF-8 encodings.
/** Byte order of the UTF-8 encodings (docs/architecture.md, "Same bytes everywhere"), which is not JavaScript's UTF-16 order. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
