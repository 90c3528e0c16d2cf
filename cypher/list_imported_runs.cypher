// What the graph already holds of runs that an importer made (by their derived ids), so that a
// re-import sends only what changed: each run's status, the id of the last event applied to it,
// the fingerprint the importer left on it, and what it used and produced ("artifact@digest").
// Ids not in the graph are left out.
//
// Mode: read
// Parameters:
//   $ids :: LIST<STRING>  run ids
// Returns:
//   id          :: STRING  the run's id
//   status      :: STRING  running, finished, failed or crashed
//   last_event  :: STRING  the id of the last event applied to the run
//   fingerprint :: STRING?  what the importer saw of the source run when it last wrote it
//   inputs      :: LIST<STRING>  "artifact@digest" of each version the run used
//   outputs     :: LIST<STRING>  "artifact@digest" of each version the run produced
UNWIND $ids AS id
MATCH (r:Run {id: id})
RETURN r.id AS id, r.status AS status, r.last_event AS last_event,
       r.import_fingerprint AS fingerprint,
       COLLECT { MATCH (r)-[:USED]->(v:ArtifactVersion) RETURN v.artifact + '@' + v.digest } AS inputs,
       COLLECT { MATCH (r)-[:PRODUCED]->(v:ArtifactVersion) RETURN v.artifact + '@' + v.digest } AS outputs
