// The artifact versions a run logged, in the order it logged them.
//
// Mode: read
// Parameters:
//   $run_id :: STRING  the run's id
// Returns:
//   version :: MAP  the version's properties
//   first   :: BOOLEAN  whether this run created the version (false: identical content)
MATCH (:Run {id: $run_id})-[p:PRODUCED]->(v:ArtifactVersion)
RETURN v {.*} AS version, p.first AS first
ORDER BY p.at, v.key
