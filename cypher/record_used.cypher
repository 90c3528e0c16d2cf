// Record that a run used an artifact version. Idempotent; the edge keeps every ref that was
// asked for and resolved to this version (e.g. ["latest", "v3"]).
//
// Mode: write
// Parameters:
//   $use :: MAP  {run_id, version_key, requested (the ref as asked, e.g. "mnist:latest"), at}
// Returns:
//   requested :: LIST<STRING>  the refs recorded on the USED edge
MATCH (r:Run {id: $use.run_id})
MATCH (v:ArtifactVersion {key: $use.version_key})
MERGE (r)-[u:USED]->(v)
  ON CREATE SET u.at = $use.at, u.requested = [$use.requested]
  ON MATCH SET u.requested = CASE
    WHEN $use.requested IN u.requested THEN u.requested
    ELSE u.requested + $use.requested
  END
RETURN u.requested AS requested
