// One page of the versions of an OpenLineage dataset, newest first (Marquez read API).
//
// Mode: read
// Parameters:
//   $namespace :: STRING  the dataset namespace
//   $name      :: STRING  the dataset name
//   $skip      :: INTEGER  versions to skip (paging)
//   $limit     :: INTEGER  at most this many versions
// Returns:
//   total    :: INTEGER  how many versions the dataset has (no row: no such dataset)
//   versions :: LIST<MAP>  {version, index, created_at (ISO text), created_by (run id),
//                          ol_version, ol_schema, ol_facets, ol_column_lineage}
MATCH (a:Artifact {ol_namespace: $namespace, ol_name: $name})
OPTIONAL MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion)
WITH a, v ORDER BY v.index DESC
WITH a, collect(v {.version, .index, .created_by, .ol_version, .ol_schema, .ol_facets,
                   .ol_column_lineage, created_at: toString(v.created_at)}) AS versions
RETURN size(versions) AS total, versions[$skip..$skip + $limit] AS versions
