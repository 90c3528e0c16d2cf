// Flag a run or an artifact version as bad: a Flag node (who, when, why, how bad) with a
// FLAGS edge to it. Flags are never deleted: lifting one sets its lifted_at, so they stay
// part of the history. No row when there is no such node.
//
// Mode: write
// Parameters:
//   $node :: MAP  {kind: "run" | "artifact_version", key: the run's id or the version's key}
//   $flag :: MAP  {id (a new UUIDv7), reason, severity, by (who flags it),
//                 at (DATETIME: when)}
// Returns:
//   flag :: MAP  the flag's properties plus `ref`, the ref of the node it flags
CALL () {
  MATCH (n:Run {id: $node.key}) WHERE $node.kind = 'run'
  RETURN n
  UNION
  MATCH (n:ArtifactVersion {key: $node.key}) WHERE $node.kind = 'artifact_version'
  RETURN n
}
SET n.flag_count = coalesce(n.flag_count, 0) + 1  // takes the node's lock
CREATE (f:Flag {id: $flag.id, reason: $flag.reason, severity: $flag.severity, by: $flag.by,
                at: $flag.at})-[:FLAGS]->(n)
RETURN f {.*, ref: CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name ELSE n.key END}
       AS flag
