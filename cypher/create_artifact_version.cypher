// Create the next version (v0, v1, ...) of a locked artifact collection.
// Run it only after lock_artifact in the same transaction.
//
// Mode: write
// Parameters:
//   $version :: MAP  {artifact ("project/name"), digest, size, file_count, manifest (JSON
//                     text), metadata (JSON text), description, created_at, created_by}
// Returns:
//   version :: MAP  the new version's properties
MATCH (a:Artifact {key: $version.artifact})
SET a.version_count = a.version_count + 1
WITH a, a.version_count - 1 AS index
CREATE (v:ArtifactVersion {
  key: a.key + ':v' + toString(index),
  artifact: a.key,
  project: a.project,
  name: a.name,
  type: a.type,
  version: 'v' + toString(index),
  index: index,
  digest: $version.digest,
  size: $version.size,
  file_count: $version.file_count,
  manifest: $version.manifest,
  metadata: $version.metadata,
  description: $version.description,
  created_at: $version.created_at,
  created_by: $version.created_by
})
CREATE (a)-[:HAS_VERSION]->(v)
RETURN v {.*} AS version
