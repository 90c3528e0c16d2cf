// Impact: every run, artifact version and registered model downstream of a node, each with
// its distance, nearest first, in rows of up to $chunk nodes; and the registry versions
// reached, with the registry aliases (e.g. "production") that currently point at them.
//
// Downstream means with the flow of data: from an artifact version to the runs that USED
// it and the registered models it is LINKED_TO, from a run to the versions it PRODUCED.
// The direction is read from each edge itself. Planned as a pruning breadth-first search,
// so the cost follows the size of the answer, not the number of paths; the depth bound
// filters after the search. Only edges made by $as_of are walked. The start node is
// resolved here too, and `replan=skip` keeps
// the cached plan when the statistics move (see list_upstream_nodes).
//
// Mode: read
// Parameters:
//   $start     :: MAP  the start node: {kind: "run" | "artifact_version" |
//                 "registered_model", key: run id, version key or model name}; a run may
//                 also be named: {kind: "run", key: id or name, by_name: true, project:
//                 the project or null}; a version by alias or index:
//                 {kind: "artifact_ref", artifact: "project/name", index, alias} or
//                 {kind: "registry_ref", model, index, alias} (one of index and alias)
//   $as_of     :: DATETIME  the graph as it stood at this time: nodes and edges made later
//                 are absent and aliases point where they pointed then (a time later than
//                 anything stored, such as 9999-12-31, for now)
//   $max_depth :: INTEGER?  keep nodes at most this many edges away, or null for no bound
//   $skip      :: INTEGER  nodes to skip from the start of the ordered answer (paging)
//   $limit     :: INTEGER?  return at most this many nodes, or null for all
//   $chunk     :: INTEGER  nodes per row (at least 1)
//   $lean      :: BOOLEAN  true: refs and kinds only (`refs`, `kinds`); false: `nodes`
// Returns:
//   root      :: MAP?  the start node's lineage fields (first row only, else null)
//   total     :: INTEGER  how many nodes the whole answer has (before skip and limit)
//   registry  :: LIST<MAP>  (first row only) every affected registry version, the start's
//                           own links included: {model, version, index, artifact_version,
//                           distance, aliases (as of $as_of)}
//   distances :: LIST<INTEGER>  the distances of this row's nodes (empty on an empty page)
//   nodes     :: LIST<MAP>?  this row's nodes: the lineage fields of their kind (names,
//                           type, status, config, metadata, times, deleted_at too, as ISO text) and
//                           `labels`; null when $lean
//   refs      :: LIST<STRING>?  this row's nodes' refs (run:p/name, p/name:vN,
//                              registry:Model) when $lean, else null
//   kinds     :: LIST<STRING>?  their kinds ("run", "artifact_version", "registered_model")
//                              when $lean, else null
CYPHER replan=skip
CALL () {
  MATCH (s:Run {id: $start.key}) WHERE $start.kind = 'run' AND (s.started_at IS NULL OR s.started_at <= $as_of)
  RETURN s, 0 AS rank
  UNION
  MATCH (s:Run {name: $start.key})
  WHERE $start.kind = 'run' AND $start.by_name AND (s.started_at IS NULL OR s.started_at <= $as_of)
    AND ($start.project IS NULL OR s.project = $start.project)
  RETURN s, 1 AS rank
  UNION
  MATCH (s:ArtifactVersion {key: $start.key})
  WHERE $start.kind = 'artifact_version' AND (s.created_at IS NULL OR s.created_at <= $as_of)
  RETURN s, 0 AS rank
  UNION
  MATCH (s:RegisteredModel {name: $start.key})
  WHERE $start.kind = 'registered_model' AND (s.created_at IS NULL OR s.created_at <= $as_of)
  RETURN s, 0 AS rank
  UNION
  CALL () {
    MATCH (a:Artifact {key: $start.artifact})-[:HAS_VERSION]->(v:ArtifactVersion)
    WHERE $start.kind = 'artifact_ref' AND (v.created_at IS NULL OR v.created_at <= $as_of)
      AND (v.index = $start.index
           OR EXISTS { MATCH (a)-[al:ALIAS {name: $start.alias}]->(v)
                       WHERE al.since <= $as_of AND (al.until IS NULL OR al.until > $as_of) })
    RETURN v LIMIT 1
  }
  RETURN v AS s, 0 AS rank
  UNION
  CALL () {
    MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $start.model})
    WHERE $start.kind = 'registry_ref' AND (l.at IS NULL OR l.at <= $as_of)
      AND (l.index = $start.index
           OR EXISTS { MATCH (m)-[ra:REGISTRY_ALIAS {name: $start.alias}]->(v)
                       WHERE ra.since <= $as_of AND (ra.until IS NULL OR ra.until > $as_of) })
    RETURN v ORDER BY l.index DESC LIMIT 1
  }
  RETURN v AS s, 0 AS rank
}
WITH s, rank ORDER BY rank
WITH collect(s)[..2] AS starts, collect(rank)[..2] AS ranks
// an id wins; else exactly one run of that name
WITH starts[0] AS s WHERE size(starts) = 1 OR ranks[0] = 0
CALL (s) {
  MATCH p = (s) ((a)-[e:USED|PRODUCED|LINKED_TO]-(b)
                 WHERE (e.at IS NULL OR e.at <= $as_of) AND ((e:USED AND endNode(e) = a) OR (NOT e:USED AND startNode(e) = a)))+ (x)
  WITH x, min(length(p)) AS distance
  WHERE x <> s AND ($max_depth IS NULL OR distance <= $max_depth)
  WITH x, distance
  ORDER BY distance, coalesce(x.key, x.project + '/' + x.name, x.name), x.id
  RETURN collect({node: x, distance: distance}) AS found
}
WITH s, size(found) AS total,
     CASE WHEN $limit IS NULL THEN found[$skip..] ELSE found[$skip..$skip + $limit] END AS page,
     COLLECT {
       UNWIND [{node: s, distance: 0}] + found AS f
       WITH f.node AS v, f.distance AS distance
       MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel)
       WHERE (l.at IS NULL OR l.at <= $as_of) AND ($max_depth IS NULL OR distance + 1 <= $max_depth)
       RETURN {model: m.name, version: l.version, index: l.index, artifact_version: v.key,
               distance: distance + 1,
               aliases: COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v)
                                  WHERE ra.since <= $as_of
                                    AND (ra.until IS NULL OR ra.until > $as_of)
                                  RETURN ra.name ORDER BY ra.name }}
       ORDER BY m.name, l.index
     } AS registry
// a row per chunk of the page, so big answers stream instead of being built as one value;
// the first row also carries the root and the registry (an empty page gives one row with
// empty lists)
UNWIND CASE WHEN size(page) = 0 THEN [0] ELSE range(0, size(page) - 1, $chunk) END AS i
WITH s, total, registry, i, [f IN page[i..i + $chunk] | f.node] AS part,
     [f IN page[i..i + $chunk] | f.distance] AS distances
RETURN CASE WHEN i = 0 THEN s {.id, .key, .name, .project, .version, .type, .job_type,
                             .status, .config, .metadata, labels: labels(s), deleted_at: toString(s.deleted_at),
                             started_at: toString(s.started_at), created_at: toString(s.created_at)} END AS root,
       total,
       CASE WHEN i = 0 THEN registry END AS registry,
       distances,
       CASE WHEN NOT $lean THEN [n IN part |
         CASE WHEN n:ArtifactVersion
              THEN n {.key, .name, .project, .version, .type, .metadata, labels: labels(n), deleted_at: toString(n.deleted_at),
                      created_at: toString(n.created_at)}
              WHEN n:Run
              THEN n {.id, .name, .project, .job_type, .status, .config, labels: labels(n), deleted_at: toString(n.deleted_at),
                      started_at: toString(n.started_at)}
              ELSE n {.name, labels: labels(n), deleted_at: toString(n.deleted_at), created_at: toString(n.created_at)}
         END] END AS nodes,
       CASE WHEN $lean THEN [n IN part | CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name
                                              WHEN n:RegisteredModel THEN 'registry:' + n.name
                                              ELSE n.key END] END AS refs,
       CASE WHEN $lean THEN [n IN part | CASE WHEN n:Run THEN 'run'
                                              WHEN n:RegisteredModel THEN 'registered_model'
                                              ELSE 'artifact_version' END] END AS kinds
