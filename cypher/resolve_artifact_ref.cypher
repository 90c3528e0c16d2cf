// Resolve an artifact ref to one version: a version selector ("v3") by its index, any other
// selector as an alias, current or as it stood at a given time (a version created after
// that time is not found then).
//
// Mode: read
// Parameters:
//   $ref :: MAP  {artifact ("project/name"), index (INTEGER or null), alias (STRING or null),
//                as_of (DATETIME or null: null means the alias's current holder)}
// Returns:
//   version :: MAP  the version's properties plus `aliases` (its alias names, then or now)
MATCH (a:Artifact {key: $ref.artifact})-[:HAS_VERSION]->(v:ArtifactVersion)
WHERE ($ref.as_of IS NULL OR v.created_at <= $ref.as_of)
  AND (v.index = $ref.index
       OR EXISTS {
         MATCH (a)-[al:ALIAS {name: $ref.alias}]->(v)
         WHERE CASE
           WHEN $ref.as_of IS NULL THEN al.until IS NULL
           ELSE al.since <= $ref.as_of AND (al.until IS NULL OR al.until > $ref.as_of)
         END
       })
RETURN v {.*, aliases: COLLECT {
         MATCH (a)-[c:ALIAS]->(v)
         WHERE CASE
           WHEN $ref.as_of IS NULL THEN c.until IS NULL
           ELSE c.since <= $ref.as_of AND (c.until IS NULL OR c.until > $ref.as_of)
         END
         RETURN c.name ORDER BY c.name
       }} AS version
LIMIT 1
