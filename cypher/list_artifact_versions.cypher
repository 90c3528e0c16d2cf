// Artifact versions matching a filter, newest first. Filter fields may be null.
// Deleted versions (tombstones) are left out.
//
// Mode: read
// Parameters:
//   $filter :: MAP  {project, artifact (name), type, alias (its holder at as_of),
//                   as_of (DATETIME): the versions and aliases as they stood then (null: now)}
//   $skip   :: INTEGER  versions to skip (paging)
//   $limit  :: INTEGER  return at most this many versions
// Returns:
//   version :: MAP  the version's properties (manifest left out) plus `aliases`
WITH coalesce($filter.as_of, datetime('9999-12-31T00:00:00Z')) AS as_of
MATCH (a:Artifact)-[:HAS_VERSION]->(v:ArtifactVersion)
WHERE (v.deleted_at IS NULL OR v.deleted_at > as_of)
  AND (v.created_at IS NULL OR v.created_at <= as_of)
  AND ($filter.project IS NULL OR a.project = $filter.project)
  AND ($filter.artifact IS NULL OR a.name = $filter.artifact)
  AND ($filter.type IS NULL OR v.type = $filter.type)
  AND ($filter.alias IS NULL
       OR EXISTS { MATCH (a)-[al:ALIAS {name: $filter.alias}]->(v)
                   WHERE (al.since <= as_of AND (al.until IS NULL OR al.until > as_of)) })
RETURN v {.*, manifest: null,
          aliases: COLLECT { MATCH (a)-[c:ALIAS]->(v)
                             WHERE c.since <= as_of
                               AND (c.until IS NULL OR c.until > as_of)
                             RETURN c.name ORDER BY c.name }} AS version
ORDER BY v.created_at DESC, v.key
SKIP $skip
LIMIT $limit
