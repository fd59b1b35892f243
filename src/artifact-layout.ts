// The file names of an artifact folder, shared by the core, the CLI and the plugin.
/**
 * The artifact folder's file names (spec/artifacts.md, "Artifacts"), in one
 * place for the core, the CLI and the plugin.
 */
export const MEMO_FILE = 'memo.md'
export const REPORT_FILE = 'cluster_report.json'
export const MANIFEST_FILE = 'MANIFEST.json'
export const BUNDLE_FILE = 'bundle.zip'
export const TAR_BUNDLE_FILE = 'bundle.tar.gz'

export const HTML_FILE = 'memo.html'
export const PDF_FILE = 'memo.pdf'

/** Every file mwpack may write into an artifact folder; anything else there is the user's. */
export const OWN_FILES: ReadonlySet<string> = new Set([MEMO_FILE, REPORT_FILE, MANIFEST_FILE, BUNDLE_FILE, TAR_BUNDLE_FILE, HTML_FILE, PDF_FILE])
