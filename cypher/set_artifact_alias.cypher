// Point an artifact alias ("latest", "best", ...) at a version of that artifact, moving it
// off the version that held it. Locks the collection first, so concurrent moves leave exactly
// one holder. Old assignments stay as ALIAS edges with `until` set (the alias history).
//
// Mode: write
// Parameters:
//   $alias :: MAP  {artifact ("project/name"), version_key, name, at}
// Returns:
//   version_key :: STRING  the version that now holds the alias
//   moved       :: BOOLEAN  false if it already pointed there
MATCH (a:Artifact {key: $alias.artifact})-[:HAS_VERSION]->(v:ArtifactVersion {key: $alias.version_key})
SET a.updated_at = $alias.at
WITH a, v
OPTIONAL MATCH (a)-[cur:ALIAS {name: $alias.name}]->(held:ArtifactVersion)
  WHERE cur.until IS NULL
WITH a, v, cur, held, (held IS NULL OR held <> v) AS moving
CALL (a, v, cur, moving) {
  WITH a, v, cur, moving WHERE moving
  FOREACH (old IN CASE WHEN cur IS NULL THEN [] ELSE [cur] END | SET old.until = $alias.at)
  CREATE (a)-[:ALIAS {name: $alias.name, since: $alias.at}]->(v)
}
RETURN v.key AS version_key, moving AS moved
