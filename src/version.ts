// The tool name and version written into every manifest.
/**
 * The tool name and version recorded in every MANIFEST.json. Kept equal to
 * package.json's version by a test, so a release bump cannot forget it.
 */
export const TOOL = { name: 'mwpack', version: '0.1.0' } as const
