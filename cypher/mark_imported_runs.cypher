// After an importer's events are applied: note on each run where it came from (the source
// system, its id there, the user, the importer's fingerprint of what it saw) and link a child
// run to its parent by CHILD_OF. Runs or parents not in the graph are skipped (and reported).
// Setting the same values again changes nothing.
//
// Mode: write
// Parameters:
//   $runs :: LIST<MAP>  {id, source ("mlflow"), external_id, experiment_id, user (or null),
//                        fingerprint, parent (the parent run's id or null)}
// Returns:
//   id     :: STRING  the run's id
//   parent :: BOOLEAN  whether a parent was asked for and linked
UNWIND $runs AS mark
MATCH (r:Run {id: mark.id})
SET r.source = mark.source, r.external_id = mark.external_id,
    r.external_experiment = mark.experiment_id, r.user = mark.user,
    r.import_fingerprint = mark.fingerprint
WITH r, mark
OPTIONAL MATCH (parent:Run {id: mark.parent})
CALL (r, parent) {
  WITH r, parent WHERE parent IS NOT NULL
  MERGE (r)-[:CHILD_OF]->(parent)
}
RETURN r.id AS id, parent IS NOT NULL AS parent
