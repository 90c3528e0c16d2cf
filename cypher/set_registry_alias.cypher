// Point a registry alias ("production", "staging", "latest") at a version linked to the
// registered model, moving it off the previous holder (history kept with `until`).
//
// Mode: write
// Parameters:
//   $alias :: MAP  {model, version_key, name, at}
// Returns:
//   version :: STRING  the registry version that now holds the alias
//   moved   :: BOOLEAN  false if it already pointed there
MATCH (v:ArtifactVersion {key: $alias.version_key})-[l:LINKED_TO]->(m:RegisteredModel {name: $alias.model})
SET m.updated_at = $alias.at
WITH m, v, l
OPTIONAL MATCH (m)-[cur:REGISTRY_ALIAS {name: $alias.name}]->(held:ArtifactVersion)
  WHERE cur.until IS NULL
WITH m, v, l, cur, (held IS NULL OR held <> v) AS moving
CALL (m, v, cur, moving) {
  WITH m, v, cur, moving WHERE moving
  FOREACH (old IN CASE WHEN cur IS NULL THEN [] ELSE [cur] END | SET old.until = $alias.at)
  CREATE (m)-[:REGISTRY_ALIAS {name: $alias.name, since: $alias.at}]->(v)
}
RETURN l.version AS version, moving AS moved
