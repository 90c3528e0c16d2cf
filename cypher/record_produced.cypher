// Record that a run produced (logged) an artifact version. Idempotent. `first` marks the
// run that created the version; later runs that logged identical content get first=false.
//
// Mode: write
// Parameters:
//   $produced :: MAP  {run_id, version_key, at}
// Returns:
//   first :: BOOLEAN  whether this run created the version
MATCH (r:Run {id: $produced.run_id})
MATCH (v:ArtifactVersion {key: $produced.version_key})
MERGE (r)-[p:PRODUCED]->(v)
  ON CREATE SET p.at = $produced.at, p.first = (v.created_by = r.id)
RETURN p.first AS first
