// A registered model with its versions (oldest first) and the registry aliases on each.
//
// Mode: read
// Parameters:
//   $name :: STRING  the registered model's name
// Returns:
//   model    :: MAP  the registered model's properties
//   versions :: LIST<MAP>  {version, index, linked_at, run_id, artifact_version, aliases}
MATCH (m:RegisteredModel {name: $name})
RETURN m {.*} AS model,
  COLLECT {
    MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m)
    RETURN {version: l.version, index: l.index, linked_at: l.at, run_id: l.run_id,
            artifact_version: v.key,
            aliases: COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v) WHERE ra.until IS NULL RETURN ra.name ORDER BY ra.name }}
    ORDER BY l.index
  } AS versions
