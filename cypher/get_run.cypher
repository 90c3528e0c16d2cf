// Find runs by id, or by name (within a project if one is given). Several rows mean the
// name is ambiguous across projects.
//
// Mode: read
// Parameters:
//   $key     :: STRING  a run id (UUIDv7) or run name
//   $project :: STRING?  restrict name matches to this project, or null
// Returns:
//   run :: MAP  the run's properties
CALL () {
  MATCH (r:Run {id: $key})
  RETURN r
  UNION
  MATCH (r:Run {name: $key})
  WHERE $project IS NULL OR r.project = $project
  RETURN r
}
RETURN r {.*} AS run
ORDER BY r.started_at
LIMIT 20
