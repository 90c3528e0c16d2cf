// Resolve a registry ref ("MNIST-dev:v3", "MNIST-dev:production") to the artifact version
// linked under it, now or as the registry stood at a given time (which version served as
// "production" then).
//
// Mode: read
// Parameters:
//   $ref :: MAP  {model, index (INTEGER or null), alias (STRING or null),
//                as_of (DATETIME or null: null means now)}
// Returns:
//   version          :: STRING  the registry version, e.g. "v3"
//   artifact_version :: STRING  key of the linked artifact version
MATCH (v:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel {name: $ref.model})
WHERE ($ref.as_of IS NULL OR l.at <= $ref.as_of)
  AND (l.index = $ref.index
       OR EXISTS {
         MATCH (m)-[ra:REGISTRY_ALIAS {name: $ref.alias}]->(v)
         WHERE CASE
           WHEN $ref.as_of IS NULL THEN ra.until IS NULL
           ELSE ra.since <= $ref.as_of AND (ra.until IS NULL OR ra.until > $ref.as_of)
         END
       })
RETURN l.version AS version, v.key AS artifact_version
ORDER BY l.index DESC
LIMIT 1
