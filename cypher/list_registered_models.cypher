// Registered models by name, with their version counts and current registry aliases.
// Deleted models (tombstones) are left out.
//
// Mode: read
// Parameters:
//   $name  :: STRING?  only models whose name contains this (case-sensitive), or null
//   $skip  :: INTEGER  models to skip (paging)
//   $limit :: INTEGER  return at most this many models
// Returns:
//   model   :: MAP  the registered model's properties
//   aliases :: LIST<MAP>  {name, version, artifact_version} for each current registry alias
MATCH (m:RegisteredModel)
WHERE m.deleted_at IS NULL AND ($name IS NULL OR m.name CONTAINS $name)
RETURN m {.*} AS model,
       COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v:ArtifactVersion)-[l:LINKED_TO]->(m)
                 WHERE ra.until IS NULL
                 RETURN {name: ra.name, version: l.version, artifact_version: v.key}
                 ORDER BY ra.name } AS aliases
ORDER BY m.name
SKIP $skip
LIMIT $limit
