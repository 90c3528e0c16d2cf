// The shortest paths along which data flows between two nodes, either way round (how did
// a dataset version reach a model?): all paths of the fewest edges, up to a limit; first
// from $source to $target, and only if there is none, from $target to $source. One query,
// one round trip: both ends are looked up here too (no row when either is missing, or a
// run name is ambiguous).
//
// Each branch spells the flow out with explicit arrows and labels (version <-USED- run
// -PRODUCED-> version, and -LINKED_TO-> a registered model at the end), which the planner
// runs as a bidirectional shortest-path search (StatefulShortestPath(Into)): it stops at
// the shortest length and answers "no path" without enumerating paths. Only the branch
// matching the labels of the two end nodes runs. `replan=skip`: see list_upstream_nodes.
//
// Mode: read
// Parameters:
//   $source :: MAP  one end: {kind: "run" | "artifact_version" | "registered_model",
//              key: run id, version key or model name}; a run may also be named:
//              {kind: "run", key: id or name, by_name: true, project: the project or null};
//              a version by alias or index: {kind: "artifact_ref", artifact:
//              "project/name", index, alias} or {kind: "registry_ref", model, index, alias}
//   $target :: MAP  the other end, the same way
//   $limit  :: INTEGER  return at most this many paths
// Returns:
//   source    :: MAP  the $source node's lineage fields (names, type, status, config,
//                     metadata, times, deleted_at too, as ISO text) and `labels`
//   target    :: MAP  the $target node's lineage fields
//   direction :: STRING?  "downstream" (data flows from source to target), "upstream" (from
//                        target to source) or null when neither reaches the other
//   paths     :: LIST<MAP>  {nodes: the path's nodes in flow order (lineage fields and
//                          `labels`), types: the relationship type between each pair of
//                          consecutive nodes}; empty when direction is null
CYPHER replan=skip
CALL () {
  MATCH (n:Run {id: $source.key}) WHERE $source.kind = 'run' RETURN n, 0 AS rank
  UNION
  MATCH (n:Run {name: $source.key})
  WHERE $source.kind = 'run' AND $source.by_name
    AND ($source.project IS NULL OR n.project = $source.project)
  RETURN n, 1 AS rank
  UNION
  MATCH (n:ArtifactVersion {key: $source.key}) WHERE $source.kind = 'artifact_version'
  RETURN n, 0 AS rank
  UNION
  MATCH (n:RegisteredModel {name: $source.key}) WHERE $source.kind = 'registered_model'
  RETURN n, 0 AS rank
  UNION
  CALL () {
    MATCH (a:Artifact {key: $source.artifact})-[:HAS_VERSION]->(v:ArtifactVersion)
    WHERE $source.kind = 'artifact_ref'
      AND (v.index = $source.index
           OR EXISTS { MATCH (a)-[al:ALIAS {name: $source.alias}]->(v) WHERE al.until IS NULL })
    RETURN v LIMIT 1
  }
  RETURN v AS n, 0 AS rank
  UNION
  CALL () {
    MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $source.model})
    WHERE $source.kind = 'registry_ref'
      AND (l.index = $source.index
           OR EXISTS { MATCH (m)-[ra:REGISTRY_ALIAS {name: $source.alias}]->(v)
                       WHERE ra.until IS NULL })
    RETURN v ORDER BY l.index DESC LIMIT 1
  }
  RETURN v AS n, 0 AS rank
}
WITH n, rank ORDER BY rank
WITH collect(n)[..2] AS found, collect(rank)[..2] AS ranks
WITH found[0] AS a WHERE size(found) = 1 OR ranks[0] = 0
CALL () {
  MATCH (n:Run {id: $target.key}) WHERE $target.kind = 'run' RETURN n, 0 AS rank
  UNION
  MATCH (n:Run {name: $target.key})
  WHERE $target.kind = 'run' AND $target.by_name
    AND ($target.project IS NULL OR n.project = $target.project)
  RETURN n, 1 AS rank
  UNION
  MATCH (n:ArtifactVersion {key: $target.key}) WHERE $target.kind = 'artifact_version'
  RETURN n, 0 AS rank
  UNION
  MATCH (n:RegisteredModel {name: $target.key}) WHERE $target.kind = 'registered_model'
  RETURN n, 0 AS rank
  UNION
  CALL () {
    MATCH (a:Artifact {key: $target.artifact})-[:HAS_VERSION]->(v:ArtifactVersion)
    WHERE $target.kind = 'artifact_ref'
      AND (v.index = $target.index
           OR EXISTS { MATCH (a)-[al:ALIAS {name: $target.alias}]->(v) WHERE al.until IS NULL })
    RETURN v LIMIT 1
  }
  RETURN v AS n, 0 AS rank
  UNION
  CALL () {
    MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $target.model})
    WHERE $target.kind = 'registry_ref'
      AND (l.index = $target.index
           OR EXISTS { MATCH (m)-[ra:REGISTRY_ALIAS {name: $target.alias}]->(v)
                       WHERE ra.until IS NULL })
    RETURN v ORDER BY l.index DESC LIMIT 1
  }
  RETURN v AS n, 0 AS rank
}
WITH a, n, rank ORDER BY rank
WITH a, collect(n)[..2] AS found, collect(rank)[..2] AS ranks
WITH a, found[0] AS b WHERE size(found) = 1 OR ranks[0] = 0
CALL (a, b) {
  OPTIONAL CALL (a, b) {
    WITH a AS s, b AS t
    CALL (s, t) {
    WITH s, t WHERE s:ArtifactVersion AND t:ArtifactVersion
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:Run
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[:USED]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)-[:LINKED_TO]->(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:ArtifactVersion
    MATCH p = ALL SHORTEST (s)-[:PRODUCED]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:Run
    MATCH p = ALL SHORTEST (s)-[:PRODUCED]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[:USED]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)-[:PRODUCED]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)-[:LINKED_TO]->(t)
    RETURN p
    }
    RETURN p LIMIT $limit
  }
  WITH a, b, collect(p) AS down
  OPTIONAL CALL (a, b, down) {
    WITH b AS s, a AS t WHERE size(down) = 0
    CALL (s, t) {
    WITH s, t WHERE s:ArtifactVersion AND t:ArtifactVersion
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:Run
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[:USED]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)-[:LINKED_TO]->(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:ArtifactVersion
    MATCH p = ALL SHORTEST (s)-[:PRODUCED]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:Run
    MATCH p = ALL SHORTEST (s)-[:PRODUCED]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[:USED]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)-[:PRODUCED]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
      (:ArtifactVersion)-[:LINKED_TO]->(t)
    RETURN p
    }
    RETURN p LIMIT $limit
  }
  WITH down, collect(p) AS up
  RETURN CASE WHEN size(down) > 0 THEN 'downstream' WHEN size(up) > 0 THEN 'upstream' END
           AS direction,
         down + up AS found
}
RETURN a {.id, .key, .name, .project, .version, .type, .job_type, .status, .config, .metadata,
          labels: labels(a), deleted_at: toString(a.deleted_at), started_at: toString(a.started_at),
          created_at: toString(a.created_at)} AS source,
       b {.id, .key, .name, .project, .version, .type, .job_type, .status, .config, .metadata,
          labels: labels(b), deleted_at: toString(b.deleted_at), started_at: toString(b.started_at),
          created_at: toString(b.created_at)} AS target,
       direction,
       [p IN found | {nodes: [n IN nodes(p) | n {.id, .key, .name, .project, .version, .type, .job_type, .status, .config, .metadata,
          labels: labels(n), deleted_at: toString(n.deleted_at), started_at: toString(n.started_at),
          created_at: toString(n.created_at)}],
                      types: [r IN relationships(p) | type(r)]}] AS paths
