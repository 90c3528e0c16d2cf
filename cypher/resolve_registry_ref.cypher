// Resolve a registry ref ("MNIST-dev:v3", "MNIST-dev:production") to the artifact version
// linked under it.
//
// Mode: read
// Parameters:
//   $ref :: MAP  {model, index (INTEGER or null), alias (STRING or null)}
// Returns:
//   version          :: STRING  the registry version, e.g. "v3"
//   artifact_version :: STRING  key of the linked artifact version
MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $ref.model})
WHERE l.index = $ref.index
   OR EXISTS { MATCH (m)-[ra:REGISTRY_ALIAS {name: $ref.alias}]->(v) WHERE ra.until IS NULL }
RETURN l.version AS version, v.key AS artifact_version
ORDER BY l.index DESC
LIMIT 1
