// OpenLineage datasets by namespace and name, each with its current (`latest`) version and
// its columns (Marquez read API).
//
// Mode: read
// Parameters:
//   $datasets :: LIST<MAP>  [{namespace, name}]
// Returns:
//   dataset :: MAP  {namespace, name, key, type, created_at, updated_at (ISO text),
//                   source, source_uri, description, owners, version_count,
//                   version: the latest version {version, index, created_at,
//                   created_by, ol_version, ol_schema, ol_facets, ol_column_lineage,
//                   ol_row_count, ol_bytes} or null}
UNWIND $datasets AS d
MATCH (a:Artifact {ol_namespace: d.namespace, ol_name: d.name})
RETURN a {namespace: a.ol_namespace, name: a.ol_name, .key, .type, .version_count,
          created_at: toString(a.created_at), updated_at: toString(a.updated_at),
          source: a.ol_datasource_name, source_uri: a.ol_datasource_uri,
          description: a.ol_documentation, owners: a.ol_owners,
          version: head(COLLECT {
            MATCH (a)-[al:ALIAS {name: 'latest'}]->(v:ArtifactVersion) WHERE al.until IS NULL
            RETURN v {.version, .index, .created_by, .ol_version, .ol_schema, .ol_facets,
                      .ol_column_lineage, .ol_row_count, .ol_bytes,
                      created_at: toString(v.created_at)}
          })} AS dataset
