// After an importer linked versions into registered models: note on each LINKED_TO edge the
// version number the source registry gave it (MLflow numbers from 1, graphlineage from v0).
//
// Mode: write
// Parameters:
//   $links :: LIST<MAP>  {model, artifact (key "project/name"), digest, number (INTEGER)}
// Returns:
//   model   :: STRING  the registered model
//   version :: STRING  graphlineage's version of the link ("v0", ...)
//   number  :: INTEGER  the source registry's number
UNWIND $links AS link
MATCH (:Artifact {key: link.artifact})-[:HAS_VERSION]->(v:ArtifactVersion {digest: link.digest})
MATCH (v)-[l:LINKED_TO]->(m:RegisteredModel {name: link.model})
SET l.source_version = link.number
RETURN m.name AS model, l.version AS version, l.source_version AS number
