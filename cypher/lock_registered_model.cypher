// Lock a registered model (creating it on first use) and find an existing link of the
// given artifact version to it.
//
// Mode: write
// Parameters:
//   $model :: MAP  {name, version_key, at}
// Returns:
//   version_count :: INTEGER  how many registry versions exist
//   existing      :: STRING  the registry version ("v2") the artifact version already has, or null
MERGE (m:RegisteredModel {name: $model.name})
  ON CREATE SET m.version_count = 0, m.created_at = $model.at
SET m.updated_at = $model.at
WITH m
OPTIONAL MATCH (:ArtifactVersion {key: $model.version_key})-[l:LINKED_TO]->(m)
RETURN m.version_count AS version_count, l.version AS existing
