// Registered models by name, with their version counts and current registry aliases.
// Deleted models (tombstones) are left out, unless deleted after $as_of.
//
// Mode: read
// Parameters:
//   $name  :: STRING?  only models whose name contains this (case-sensitive), or null
//   $as_of :: DATETIME?  the models and registry aliases as they stood then (null: now)
//   $skip  :: INTEGER  models to skip (paging)
//   $limit :: INTEGER  return at most this many models
// Returns:
//   model   :: MAP  the registered model's properties
//   aliases :: LIST<MAP>  {name, version, artifact_version} for each current registry alias
WITH coalesce($as_of, datetime('9999-12-31T00:00:00Z')) AS as_of
MATCH (m:RegisteredModel)
WHERE (m.deleted_at IS NULL OR m.deleted_at > as_of) AND (m.created_at IS NULL OR m.created_at <= as_of)
  AND ($name IS NULL OR m.name CONTAINS $name)
RETURN m {.*} AS model,
       COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v:ArtifactVersion)-[l:LINKED_TO]->(m)
                 WHERE ra.since <= as_of AND (ra.until IS NULL OR ra.until > as_of)
                   AND (l.at IS NULL OR l.at <= as_of)
                 RETURN {name: ra.name, version: l.version, artifact_version: v.key}
                 ORDER BY ra.name } AS aliases
ORDER BY m.name
SKIP $skip
LIMIT $limit
