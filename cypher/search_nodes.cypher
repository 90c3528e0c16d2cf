// Lineage nodes whose name starts with some text (the search box of the UI): runs by name
// or id, artifact versions by artifact name (newest first), registered models by name, and
// the latest versions of OpenLineage datasets whose joined name (`s3://bucket/key`) starts
// with it or whose namespace it is;
// deleted ones (tombstones) are left out.
//
// Mode: read
// Parameters:
//   $text  :: STRING  the start of a name
//   $limit :: INTEGER  at most this many nodes of each kind
// Returns:
//   node :: MAP  the node's lineage fields (names, type, status,
//                       config, metadata, times, deleted_at too, as ISO text) and `labels`
CALL () {
  MATCH (n:Run) WHERE (n.name STARTS WITH $text OR n.id = $text) AND n.deleted_at IS NULL
  WITH n ORDER BY n.started_at DESC LIMIT $limit
  RETURN n
  UNION
  MATCH (n:ArtifactVersion) WHERE n.name STARTS WITH $text AND n.deleted_at IS NULL
  WITH n ORDER BY n.name, n.index DESC LIMIT $limit
  RETURN n
  UNION
  MATCH (n:RegisteredModel) WHERE n.name STARTS WITH $text AND n.deleted_at IS NULL
  WITH n ORDER BY n.name LIMIT $limit
  RETURN n
  UNION
  CALL () {
    MATCH (a:Artifact) WHERE a.ol_uri STARTS WITH $text RETURN a
    UNION
    MATCH (a:Artifact {ol_namespace: $text}) RETURN a
  }
  WITH a ORDER BY a.ol_uri LIMIT $limit
  MATCH (a)-[al:ALIAS {name: 'latest'}]->(n:ArtifactVersion)
  WHERE al.until IS NULL AND n.deleted_at IS NULL
  RETURN n
}
RETURN n {.id, .key, .name, .project, .version, .type, .job_type,
          .status, .config, .metadata, labels: labels(n), deleted_at: toString(n.deleted_at),
          started_at: toString(n.started_at), created_at: toString(n.created_at)} AS node
