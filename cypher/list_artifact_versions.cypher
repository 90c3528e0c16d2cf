// Artifact versions matching a filter, newest first. Filter fields may be null.
// Deleted versions (tombstones) are left out.
//
// Mode: read
// Parameters:
//   $filter :: MAP  {project, artifact (name), type, alias (current holders only)}
//   $skip   :: INTEGER  versions to skip (paging)
//   $limit  :: INTEGER  return at most this many versions
// Returns:
//   version :: MAP  the version's properties (manifest left out) plus `aliases`
MATCH (a:Artifact)-[:HAS_VERSION]->(v:ArtifactVersion)
WHERE v.deleted_at IS NULL
  AND ($filter.project IS NULL OR a.project = $filter.project)
  AND ($filter.artifact IS NULL OR a.name = $filter.artifact)
  AND ($filter.type IS NULL OR v.type = $filter.type)
  AND ($filter.alias IS NULL
       OR EXISTS { MATCH (a)-[al:ALIAS {name: $filter.alias}]->(v) WHERE al.until IS NULL })
RETURN v {.*, manifest: null,
          aliases: COLLECT { MATCH (a)-[c:ALIAS]->(v) WHERE c.until IS NULL
                             RETURN c.name ORDER BY c.name }} AS version
ORDER BY v.created_at DESC, v.key
SKIP $skip
LIMIT $limit
