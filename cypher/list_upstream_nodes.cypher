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
//   root     :: MAP  the start node's lineage fields (first row only, else null)
//   total    :: INTEGER  how many nodes the whole answer has (before skip and limit)
//   distance :: INTEGER  the node's distance from the start (null on an empty page)
//   node     :: MAP  one node of the page: lineage fields (names, type, status, config,
//                    metadata, times as ISO text) and `labels`; nearest first, then by key
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
// one row per node of the page, so big answers stream instead of being built as one
// value; the first row also carries the root (an empty page gives one row
// with a null node)
UNWIND CASE WHEN size(page) = 0 THEN [-1] ELSE range(0, size(page) - 1) END AS i
WITH s, total, i, page[i].node AS n, page[i].distance AS distance
RETURN CASE WHEN i <= 0 THEN s {.id, .key, .name, .project, .version, .type, .job_type,
                              .status, .config, .metadata, labels: labels(s),
                              started_at: toString(s.started_at), created_at: toString(s.created_at)} END AS root,
       total,
       distance,
       n {.id, .key, .name, .project, .version, .type, .job_type,
          .status, .config, .metadata, labels: labels(n),
          started_at: toString(n.started_at), created_at: toString(n.created_at)} AS node
