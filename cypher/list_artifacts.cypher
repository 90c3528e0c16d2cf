// Artifact collections matching a filter, by project and name. Filter fields may be null.
// Deleted artifacts (tombstones) are left out.
//
// Mode: read
// Parameters:
//   $filter :: MAP  {project, type, name (substring, case-sensitive)}
//   $skip   :: INTEGER  artifacts to skip (paging)
//   $limit  :: INTEGER  return at most this many artifacts
// Returns:
//   artifact :: MAP  {key, project, name, type, version_count, aliases: {alias: version}}
MATCH (a:Artifact)
WHERE a.deleted_at IS NULL
  AND ($filter.project IS NULL OR a.project = $filter.project)
  AND ($filter.type IS NULL OR a.type = $filter.type)
  AND ($filter.name IS NULL OR a.name CONTAINS $filter.name)
RETURN a {.key, .project, .name, .type, .version_count,
          aliases: COLLECT { MATCH (a)-[al:ALIAS]->(v:ArtifactVersion) WHERE al.until IS NULL
                             RETURN {name: al.name, version: v.version} ORDER BY al.name }
         } AS artifact
ORDER BY a.project, a.name
SKIP $skip
LIMIT $limit
