// The artifact versions a run used, in the order it declared them.
//
// Mode: read
// Parameters:
//   $run_id :: STRING  the run's id
// Returns:
//   version   :: MAP  the version's properties
//   requested :: LIST<STRING>  the refs that were asked for and resolved to it
MATCH (:Run {id: $run_id})-[u:USED]->(v:ArtifactVersion)
RETURN v {.*} AS version, u.requested AS requested
ORDER BY u.at, v.key
