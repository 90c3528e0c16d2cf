// What taints a node: the flags active at $as_of on the node itself or on any run or
// artifact version upstream of it, each with the flagged node's distance. One row per
// flag, nearest first; none when nothing upstream is flagged.
//
// Mode: read
// Parameters:
//   $node  :: MAP  {kind: "run" | "artifact_version" | "registered_model", key}
//   $as_of :: DATETIME  the time to answer for (a time later than anything stored for now)
// Returns:
//   flag     :: MAP  the flag's properties plus `ref`, the ref of the node it flags
//   distance :: INTEGER  edges from the flagged node down to the node asked about
CALL () {
  MATCH (s:Run {id: $node.key}) WHERE $node.kind = 'run'
  RETURN s
  UNION
  MATCH (s:ArtifactVersion {key: $node.key}) WHERE $node.kind = 'artifact_version'
  RETURN s
  UNION
  MATCH (s:RegisteredModel {name: $node.key}) WHERE $node.kind = 'registered_model'
  RETURN s
}
CALL (s) {
  // every node upstream, each once (a pruning breadth-first search), then the flagged ones
  MATCH p = (s) ((a)-[e:USED|PRODUCED|LINKED_TO]-(b)
                 WHERE (e.at IS NULL OR e.at <= $as_of)
                   AND ((e:USED AND startNode(e) = a) OR (NOT e:USED AND endNode(e) = a)))* (n)
  WITH n, min(length(p)) AS distance
  RETURN n, distance
}
WITH n, distance WHERE n.flag_count > 0
MATCH (f:Flag)-[:FLAGS]->(n)
WHERE f.at <= $as_of AND (f.lifted_at IS NULL OR f.lifted_at > $as_of)
RETURN f {.*, ref: CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name ELSE n.key END}
       AS flag, distance
ORDER BY distance, f.at, f.id
