// Impact: every run, artifact version and registered model downstream of a node, each with
// its distance, nearest first; and the registry versions reached, with the registry aliases
// (e.g. "production") that currently point at them.
//
// Downstream means with the flow of data: from an artifact version to the runs that USED
// it and the registered models it is LINKED_TO, from a run to the versions it PRODUCED.
// The direction is read from each edge itself. Planned as a pruning breadth-first search,
// so the cost follows the size of the answer, not the number of paths; the depth bound
// filters after the search (see list_upstream_nodes).
//
// Mode: read
// Parameters:
//   $start     :: MAP  the start node: {kind: "run" | "artifact_version" |
//                 "registered_model", key: run id, version key or model name}
//   $max_depth :: INTEGER  keep nodes at most this many edges away, or null for no bound
//   $skip      :: INTEGER  nodes to skip from the start of the ordered answer (paging)
//   $limit     :: INTEGER  return at most this many nodes, or null for all
// Returns:
//   root     :: MAP  the start node's lineage fields (first row only, else null)
//   total    :: INTEGER  how many nodes the whole answer has (before skip and limit)
//   registry :: LIST<MAP>  (first row only) every affected registry version, the start's
//                          own links included: {model, version, index, artifact_version,
//                          distance, aliases}
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
                 WHERE (e:USED AND endNode(e) = a) OR (NOT e:USED AND startNode(e) = a))+ (x)
  WITH x, min(length(p)) AS distance
  WHERE x <> s AND ($max_depth IS NULL OR distance <= $max_depth)
  WITH x, distance
  ORDER BY distance, coalesce(x.key, x.project + '/' + x.name, x.name), x.id
  RETURN collect({node: x, distance: distance}) AS found
}
WITH s, found, size(found) AS total,
     CASE WHEN $limit IS NULL THEN found[$skip..] ELSE found[$skip..$skip + $limit] END AS page,
     COLLECT {
       UNWIND [{node: s, distance: 0}] + found AS f
       WITH f.node AS v, f.distance AS distance
       MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel)
       WHERE $max_depth IS NULL OR distance + 1 <= $max_depth
       RETURN {model: m.name, version: l.version, index: l.index, artifact_version: v.key,
               distance: distance + 1,
               aliases: COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v) WHERE ra.until IS NULL
                                  RETURN ra.name ORDER BY ra.name }}
       ORDER BY m.name, l.index
     } AS registry
// one row per node of the page, so big answers stream instead of being built as one
// value; the first row also carries the root and the registry (an empty page gives one row
// with a null node)
UNWIND CASE WHEN size(page) = 0 THEN [-1] ELSE range(0, size(page) - 1) END AS i
WITH s, total, registry, i, page[i].node AS n, page[i].distance AS distance
RETURN CASE WHEN i <= 0 THEN s {.id, .key, .name, .project, .version, .type, .job_type,
                              .status, .config, .metadata, labels: labels(s),
                              started_at: toString(s.started_at), created_at: toString(s.created_at)} END AS root,
       total,
       CASE WHEN i <= 0 THEN registry END AS registry,
       distance,
       n {.id, .key, .name, .project, .version, .type, .job_type,
          .status, .config, .metadata, labels: labels(n),
          started_at: toString(n.started_at), created_at: toString(n.created_at)} AS node
