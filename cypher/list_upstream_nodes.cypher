// Ancestry: every run and artifact version upstream of a node, each with its distance
// (the fewest edges between them), nearest first.
//
// Upstream means against the flow of data: from an artifact version to the run that
// PRODUCED it, from a run to the versions it USED, from a registered model to the versions
// LINKED_TO it. The direction is read from each edge itself, so hand-made edges or cycles
// cannot send the search the wrong way or make it loop. The quantified pattern is planned
// as a pruning breadth-first search (VarLengthExpand(Pruning,BFS)): every node is reached
// once, so the cost follows the size of the answer, not the number of paths (2^k for k
// stacked diamonds). The depth bound filters after the search: bounding the pattern itself
// would turn it into path enumeration.
//
// Mode: read
// Parameters:
//   $start     :: MAP  the start node: {kind: "run" | "artifact_version" |
//                 "registered_model", key: run id, version key or model name}
//   $max_depth :: INTEGER  keep nodes at most this many edges away, or null for no bound
//   $labels    :: LIST<STRING>  keep only nodes with one of these labels ("Run",
//                 "ArtifactVersion", "RegisteredModel"), or null for all
//   $skip      :: INTEGER  nodes to skip from the start of the ordered answer (paging)
//   $limit     :: INTEGER  return at most this many nodes, or null for all
// Returns:
//   root  :: MAP  the start node's lineage fields (names, type, status,
//                       config, metadata, times as ISO text) and `labels`
//   total :: INTEGER  how many nodes the whole answer has (before skip and limit)
//   nodes :: LIST<MAP>  {distance, node: lineage fields (names, type, status,
//                       config, metadata, times as ISO text) and `labels`},
//                       ordered by distance, then key
CALL () {
  MATCH (s:Run {id: $start.key}) WHERE $start.kind = 'run' RETURN s
  UNION
  MATCH (s:ArtifactVersion {key: $start.key}) WHERE $start.kind = 'artifact_version' RETURN s
  UNION
  MATCH (s:RegisteredModel {name: $start.key}) WHERE $start.kind = 'registered_model' RETURN s
}
CALL (s) {
  MATCH p = (s) ((a)-[e:USED|PRODUCED|LINKED_TO]-(b)
                 WHERE (e:USED AND startNode(e) = a) OR (NOT e:USED AND endNode(e) = a))+ (x)
  WITH x, min(length(p)) AS distance
  WHERE x <> s
    AND ($max_depth IS NULL OR distance <= $max_depth)
    AND ($labels IS NULL OR any(label IN labels(x) WHERE label IN $labels))
  WITH x, distance
  ORDER BY distance, coalesce(x.key, x.project + '/' + x.name, x.name), x.id
  RETURN collect({node: x, distance: distance}) AS found
}
WITH s, found, size(found) AS total,
     CASE WHEN $limit IS NULL THEN found[$skip..] ELSE found[$skip..$skip + $limit] END AS page
RETURN s {.id, .key, .name, .project, .version, .type, .job_type,
          .status, .config, .metadata, labels: labels(s),
          started_at: toString(s.started_at), created_at: toString(s.created_at)} AS root,
       total,
       COLLECT {
         UNWIND range(0, size(page) - 1) AS i
         WITH i, page[i].node AS n
         RETURN {distance: page[i].distance, node: n {.id, .key, .name, .project, .version, .type, .job_type,
                                                      .status, .config, .metadata, labels: labels(n),
                                                      started_at: toString(n.started_at), created_at: toString(n.created_at)}}
         ORDER BY i
       } AS nodes
