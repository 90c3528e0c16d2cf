// Artifact collections matching a filter, by project and name. Filter fields may be null.
// Deleted artifacts (tombstones) are left out.
//
// Mode: read
// Parameters:
//   $filter :: MAP  {project, type, name (substring, case-sensitive), as_of (DATETIME):
//                   the artifacts and aliases as they stood then (null: now)}
//   $skip   :: INTEGER  artifacts to skip (paging)
//   $limit  :: INTEGER  return at most this many artifacts
// Returns:
//   artifact :: MAP  {key, project, name, type, version_count, aliases: {alias: version}}
WITH coalesce($filter.as_of, datetime('9999-12-31T00:00:00Z')) AS as_of
MATCH (a:Artifact)
WHERE (a.deleted_at IS NULL OR a.deleted_at > as_of)
  AND (a.created_at IS NULL OR a.created_at <= as_of)
  AND ($filter.project IS NULL OR a.project = $filter.project)
  AND ($filter.type IS NULL OR a.type = $filter.type)
  AND ($filter.name IS NULL OR a.name CONTAINS $filter.name)
RETURN a {.key, .project, .name, .type, .version_count,
          aliases: COLLECT { MATCH (a)-[al:ALIAS]->(v:ArtifactVersion)
                             WHERE (al.since <= as_of AND (al.until IS NULL OR al.until > as_of))
                             RETURN {name: al.name, version: v.version} ORDER BY al.name }
         } AS artifact
ORDER BY a.project, a.name
SKIP $skip
LIMIT $limit
