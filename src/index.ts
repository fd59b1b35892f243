// The public API: the pure core shared by the CLI and the plugin.
//
// Bytes in, data out: nothing here touches the file system, the clock or the process.
export { prepareMemo, type PrepareInput, type PreparedMemo, type SourceFile } from './pipeline/prepare-memo.js'
export { assembleArtifacts, artifactEntries, type Artifacts } from './pipeline/assemble-artifacts.js'
export { sizeConfigFile, type SizedConfig } from './pipeline/size-config-file.js'
export { configSizings, type ConfigSizer } from './pipeline/config-sizings.js'
export { configCandidates } from './pipeline/config-lookup.js'
export { parseSourceDateEpoch } from './pipeline/source-date-epoch.js'

export { normalizeMemo } from './memo/normalize-memo.js'
export { resolveReferences, findReferences, type ResolvedMemo } from './memo/resolve-references.js'
export { FORMATS } from './memo/format-value.js'
export { TABLES } from './memo/report-tables.js'
export { renderMemoPage, type RenderInput } from './render/render-page.js'
export { nameFromMemoPath, checkName } from './memo/memo-name.js'

export { validateClusterConfig, type ValidatedConfig } from './cluster/validate-cluster-config.js'
export { sizeCluster } from './cluster/size-cluster.js'
export { sizeAtNodes } from './cluster/size-at-nodes.js'
export {
  REPORT_SCHEMA_VERSION,
  type ClusterReport,
  type NodeCountReport,
  type AnyClusterReport,
  type ReportFields,
  type SizingStatus,
  type NodeCountStatus,
  type LimitedBy,
} from './cluster/cluster-report.js'
export { resolveStoredReport } from './cluster/resolve-stored-report.js'
export { REPORT_V1_SCHEMA_VERSION, type ClusterReportV1 } from './cluster/report-v1.js'
export { fabricShape, type FabricShape } from './cluster/fabric-shape.js'
export { CAP_SOURCES, ClusterConfigSchema, LIMITS, type ClusterConfigInput } from './cluster/cluster-schema.js'
export type { ClusterConfig, CapSource, FacilitySpec, RackSpec, NodeSpec, FabricSpec, SwitchSpec, PowerCappingSpec } from './cluster/cluster-config.js'
export { powerCappingTradeoff, type PowerCappingResult, type PowerCappingPoint, type TradeoffPoint } from './cluster/power-capping.js'
export { sweepCap, capsAround, SWEEP_SCHEMA_VERSION, MAX_SWEEP_POINTS, type CapSweepPoint } from './cluster/cap-sweep.js'

export { buildManifest, MANIFEST_SCHEMA_VERSION, type Manifest, type FileRecord, type InputRecord } from './manifest/build-manifest.js'
export { zipBundle, zipTimestamp, type ArchiveEntry } from './archive/zip-bundle.js'
export { tarGzBundle } from './archive/tar-bundle.js'
export { readArchive, type ArchiveMember, type ArchiveLimits } from './archive/read-archive.js'
export { readZip } from './archive/read-zip.js'
export { readTarGz } from './archive/read-tar.js'
export { verifyMembers, type VerifyResult } from './pipeline/verify-bundle.js'
export { MEMO_FILE, REPORT_FILE, MANIFEST_FILE, BUNDLE_FILE, TAR_BUNDLE_FILE } from './artifact-layout.js'

export { formatDiagnostic, type FormatOptions } from './diagnostics/format-diagnostic.js'
export {
  DIAGNOSTIC_CODES,
  MwpackError,
  type Diagnostic,
  type DiagnosticCode,
  type Outcome,
  type Severity,
  type SourcePosition,
} from './diagnostics/diagnostic.js'
export { toStableJson } from './json/stable-json.js'
export { TOOL } from './version.js'
export type { Memo } from './plugin/generate-module.js'
export type { Options } from './plugin/options.js'
