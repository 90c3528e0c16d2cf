// Lift the flags of a run or an artifact version that are still active (all of them, or
// the one with a given id): each keeps its history and gets lifted_at, lifted_by and the
// reason it was lifted. No row when nothing was lifted.
//
// Mode: write
// Parameters:
//   $node    :: MAP  {kind: "run" | "artifact_version", key: the run's id or the version's key}
//   $flag_id :: STRING?  lift only this flag, or null for every active flag of the node
//   $lift    :: MAP  {by (who lifts it), at (DATETIME: when), reason (STRING or null)}
// Returns:
//   flag :: MAP  each lifted flag's properties plus `ref`, the ref of the node it flags
CALL () {
  MATCH (n:Run {id: $node.key}) WHERE $node.kind = 'run'
  RETURN n
  UNION
  MATCH (n:ArtifactVersion {key: $node.key}) WHERE $node.kind = 'artifact_version'
  RETURN n
}
SET n.lifting = true  // takes the node's lock (and leaves nothing): lifts do not race
REMOVE n.lifting
WITH n
MATCH (f:Flag)-[:FLAGS]->(n)
WHERE f.lifted_at IS NULL AND ($flag_id IS NULL OR f.id = $flag_id)
SET f.lifted_at = $lift.at, f.lifted_by = $lift.by, f.lift_reason = $lift.reason
RETURN f {.*, ref: CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name ELSE n.key END}
       AS flag
