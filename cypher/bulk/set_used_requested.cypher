// Set the requested refs of imported USED edges whose list the importer's CSV cannot carry
// (a list of one empty string).
//
// Mode: write
// Parameters:
//   $rows :: LIST<MAP>  [{run_id, version_key, requested (LIST<STRING>)}]
// Returns:
//   edges :: INTEGER  how many USED edges were updated
UNWIND $rows AS row
MATCH (:Run {id: row.run_id})-[u:USED]->(:ArtifactVersion {key: row.version_key})
SET u.requested = row.requested
RETURN count(u) AS edges
