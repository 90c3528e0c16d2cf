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
// Each step's edge must have been made by $as_of (edges made by hand, with no time, count).
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
//   $as_of  :: DATETIME  the graph as it stood then: only nodes and edges made by then, aliases
//              where they pointed then (a time later than anything stored for now)
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
  MATCH (n:Run {id: $source.key})
  WHERE $source.kind = 'run' AND (n.started_at IS NULL OR n.started_at <= $as_of)
  RETURN n, 0 AS rank
  UNION
  MATCH (n:Run {name: $source.key})
  WHERE $source.kind = 'run' AND $source.by_name
    AND (n.started_at IS NULL OR n.started_at <= $as_of)
    AND ($source.project IS NULL OR n.project = $source.project)
  RETURN n, 1 AS rank
  UNION
  MATCH (n:ArtifactVersion {key: $source.key})
  WHERE $source.kind = 'artifact_version' AND (n.created_at IS NULL OR n.created_at <= $as_of)
  RETURN n, 0 AS rank
  UNION
  MATCH (n:RegisteredModel {name: $source.key})
  WHERE $source.kind = 'registered_model' AND (n.created_at IS NULL OR n.created_at <= $as_of)
  RETURN n, 0 AS rank
  UNION
  CALL () {
    MATCH (a:Artifact {key: $source.artifact})-[:HAS_VERSION]->(v:ArtifactVersion)
    WHERE $source.kind = 'artifact_ref' AND (v.created_at IS NULL OR v.created_at <= $as_of)
      AND (v.index = $source.index
           OR EXISTS { MATCH (a)-[al:ALIAS {name: $source.alias}]->(v)
                       WHERE al.since <= $as_of AND (al.until IS NULL OR al.until > $as_of) })
    RETURN v LIMIT 1
  }
  RETURN v AS n, 0 AS rank
  UNION
  CALL () {
    MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $source.model})
    WHERE $source.kind = 'registry_ref' AND (l.at IS NULL OR l.at <= $as_of)
      AND (l.index = $source.index
           OR EXISTS { MATCH (m)-[ra:REGISTRY_ALIAS {name: $source.alias}]->(v)
                       WHERE ra.since <= $as_of AND (ra.until IS NULL OR ra.until > $as_of) })
    RETURN v ORDER BY l.index DESC LIMIT 1
  }
  RETURN v AS n, 0 AS rank
}
WITH n, rank ORDER BY rank
WITH collect(n)[..2] AS found, collect(rank)[..2] AS ranks
WITH found[0] AS a WHERE size(found) = 1 OR ranks[0] = 0
CALL () {
  MATCH (n:Run {id: $target.key})
  WHERE $target.kind = 'run' AND (n.started_at IS NULL OR n.started_at <= $as_of)
  RETURN n, 0 AS rank
  UNION
  MATCH (n:Run {name: $target.key})
  WHERE $target.kind = 'run' AND $target.by_name
    AND (n.started_at IS NULL OR n.started_at <= $as_of)
    AND ($target.project IS NULL OR n.project = $target.project)
  RETURN n, 1 AS rank
  UNION
  MATCH (n:ArtifactVersion {key: $target.key})
  WHERE $target.kind = 'artifact_version' AND (n.created_at IS NULL OR n.created_at <= $as_of)
  RETURN n, 0 AS rank
  UNION
  MATCH (n:RegisteredModel {name: $target.key})
  WHERE $target.kind = 'registered_model' AND (n.created_at IS NULL OR n.created_at <= $as_of)
  RETURN n, 0 AS rank
  UNION
  CALL () {
    MATCH (a:Artifact {key: $target.artifact})-[:HAS_VERSION]->(v:ArtifactVersion)
    WHERE $target.kind = 'artifact_ref' AND (v.created_at IS NULL OR v.created_at <= $as_of)
      AND (v.index = $target.index
           OR EXISTS { MATCH (a)-[al:ALIAS {name: $target.alias}]->(v)
                       WHERE al.since <= $as_of AND (al.until IS NULL OR al.until > $as_of) })
    RETURN v LIMIT 1
  }
  RETURN v AS n, 0 AS rank
  UNION
  CALL () {
    MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $target.model})
    WHERE $target.kind = 'registry_ref' AND (l.at IS NULL OR l.at <= $as_of)
      AND (l.index = $target.index
           OR EXISTS { MATCH (m)-[ra:REGISTRY_ALIAS {name: $target.alias}]->(v)
                       WHERE ra.since <= $as_of AND (ra.until IS NULL OR ra.until > $as_of) })
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
      ((:ArtifactVersion)<-[e1:USED WHERE e1.at IS NULL OR e1.at <= $as_of]-(:Run)-[e2:PRODUCED WHERE e2.at IS NULL OR e2.at <= $as_of]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:Run
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[e3:USED WHERE e3.at IS NULL OR e3.at <= $as_of]-(:Run)-[e4:PRODUCED WHERE e4.at IS NULL OR e4.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[e5:USED WHERE e5.at IS NULL OR e5.at <= $as_of]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[e6:USED WHERE e6.at IS NULL OR e6.at <= $as_of]-(:Run)-[e7:PRODUCED WHERE e7.at IS NULL OR e7.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)-[e8:LINKED_TO WHERE e8.at IS NULL OR e8.at <= $as_of]->(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:ArtifactVersion
    MATCH p = ALL SHORTEST (s)-[e9:PRODUCED WHERE e9.at IS NULL OR e9.at <= $as_of]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[e10:USED WHERE e10.at IS NULL OR e10.at <= $as_of]-(:Run)-[e11:PRODUCED WHERE e11.at IS NULL OR e11.at <= $as_of]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:Run
    MATCH p = ALL SHORTEST (s)-[e12:PRODUCED WHERE e12.at IS NULL OR e12.at <= $as_of]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[e13:USED WHERE e13.at IS NULL OR e13.at <= $as_of]-(:Run)-[e14:PRODUCED WHERE e14.at IS NULL OR e14.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[e15:USED WHERE e15.at IS NULL OR e15.at <= $as_of]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)-[e16:PRODUCED WHERE e16.at IS NULL OR e16.at <= $as_of]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[e17:USED WHERE e17.at IS NULL OR e17.at <= $as_of]-(:Run)-[e18:PRODUCED WHERE e18.at IS NULL OR e18.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)-[e19:LINKED_TO WHERE e19.at IS NULL OR e19.at <= $as_of]->(t)
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
      ((:ArtifactVersion)<-[e20:USED WHERE e20.at IS NULL OR e20.at <= $as_of]-(:Run)-[e21:PRODUCED WHERE e21.at IS NULL OR e21.at <= $as_of]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:Run
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[e22:USED WHERE e22.at IS NULL OR e22.at <= $as_of]-(:Run)-[e23:PRODUCED WHERE e23.at IS NULL OR e23.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[e24:USED WHERE e24.at IS NULL OR e24.at <= $as_of]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:ArtifactVersion AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)
      ((:ArtifactVersion)<-[e25:USED WHERE e25.at IS NULL OR e25.at <= $as_of]-(:Run)-[e26:PRODUCED WHERE e26.at IS NULL OR e26.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)-[e27:LINKED_TO WHERE e27.at IS NULL OR e27.at <= $as_of]->(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:ArtifactVersion
    MATCH p = ALL SHORTEST (s)-[e28:PRODUCED WHERE e28.at IS NULL OR e28.at <= $as_of]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[e29:USED WHERE e29.at IS NULL OR e29.at <= $as_of]-(:Run)-[e30:PRODUCED WHERE e30.at IS NULL OR e30.at <= $as_of]->(:ArtifactVersion))* (t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:Run
    MATCH p = ALL SHORTEST (s)-[e31:PRODUCED WHERE e31.at IS NULL OR e31.at <= $as_of]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[e32:USED WHERE e32.at IS NULL OR e32.at <= $as_of]-(:Run)-[e33:PRODUCED WHERE e33.at IS NULL OR e33.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)<-[e34:USED WHERE e34.at IS NULL OR e34.at <= $as_of]-(t)
    RETURN p
    UNION ALL
    WITH s, t WHERE s:Run AND t:RegisteredModel
    MATCH p = ALL SHORTEST (s)-[e35:PRODUCED WHERE e35.at IS NULL OR e35.at <= $as_of]->(:ArtifactVersion)
      ((:ArtifactVersion)<-[e36:USED WHERE e36.at IS NULL OR e36.at <= $as_of]-(:Run)-[e37:PRODUCED WHERE e37.at IS NULL OR e37.at <= $as_of]->(:ArtifactVersion))*
      (:ArtifactVersion)-[e38:LINKED_TO WHERE e38.at IS NULL OR e38.at <= $as_of]->(t)
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
