// One lineage node (a run, an artifact version or a registered model) by kind and key,
// with its elementId: the handle the traversal queries (ancestry, impact, subgraph) start
// from within the same transaction.
//
// Mode: read
// Parameters:
//   $node :: MAP  {kind: "run" | "artifact_version" | "registered_model",
//                 key: the run's id, the version's key "project/name:vN" or the model's name}
// Returns:
//   element_id :: STRING  the node's elementId (valid within this transaction)
//   node       :: MAP  the node's lineage fields (names, type, status,
//                       config, metadata, times, deleted_at too, as ISO text) and `labels`
CALL () {
  MATCH (n:Run {id: $node.key}) WHERE $node.kind = 'run'
  RETURN n
  UNION
  MATCH (n:ArtifactVersion {key: $node.key}) WHERE $node.kind = 'artifact_version'
  RETURN n
  UNION
  MATCH (n:RegisteredModel {name: $node.key}) WHERE $node.kind = 'registered_model'
  RETURN n
}
RETURN elementId(n) AS element_id, n {.id, .key, .name, .project, .version, .type, .job_type,
                                      .status, .config, .metadata, labels: labels(n), deleted_at: toString(n.deleted_at),
                                      started_at: toString(n.started_at), created_at: toString(n.created_at)} AS node
