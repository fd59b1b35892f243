// Types for the commonmark-spec package, which ships none.
declare module 'commonmark-spec' {
  export interface SpecExample {
    markdown: string
    html: string
    section: string
    number: number
  }
  const spec: { text: string; tests: SpecExample[] }
  export default spec
}
