// The shortest paths along which data flows from one node to another (how did a dataset
// version reach a model?): all paths of the fewest edges, up to a limit.
//
// Each branch spells the flow out with explicit arrows and labels (version <-USED- run
// -PRODUCED-> version, and -LINKED_TO-> a registered model at the end), which the planner
// runs as a bidirectional shortest-path search (StatefulShortestPath(Into)): it stops at
// the shortest length and answers "no path" without enumerating paths. Only the branch
// matching the labels of the two end nodes runs.
//
// Mode: read
// Parameters:
//   $source :: STRING  elementId of the upstream end (from get_lineage_node)
//   $target :: STRING  elementId of the downstream end
//   $limit  :: INTEGER  return at most this many paths
// Returns:
//   nodes :: LIST<MAP>  the path's nodes in flow order: lineage fields (names, type, status,
//                       config, metadata, times as ISO text) and `labels`
//   types :: LIST<STRING>  the relationship type between each pair of consecutive nodes
MATCH (s) WHERE elementId(s) = $source
MATCH (t) WHERE elementId(t) = $target
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
RETURN [n IN nodes(p) | n {.id, .key, .name, .project, .version, .type, .job_type,
                           .status, .config, .metadata, labels: labels(n),
                           started_at: toString(n.started_at), created_at: toString(n.created_at)}] AS nodes,
       [r IN relationships(p) | type(r)] AS types
LIMIT $limit
