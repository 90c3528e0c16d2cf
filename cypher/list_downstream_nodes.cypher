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
//   root     :: MAP  the start node's lineage fields (names, type, status,
//                       config, metadata, times as ISO text) and `labels`
//   total    :: INTEGER  how many nodes the whole answer has (before skip and limit)
//   nodes    :: LIST<MAP>  {distance, node: lineage fields (names, type, status,
//                       config, metadata, times as ISO text) and `labels`},
//                          ordered by distance, then key
//   registry :: LIST<MAP>  every affected registry version, the start's own links included:
//                          {model, version, index, artifact_version, distance, aliases}
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
       } AS nodes,
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
