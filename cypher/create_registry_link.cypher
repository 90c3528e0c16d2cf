// Link an artifact version into a locked registered model as its next registry version
// (v0, v1, ... per registered model). Run it only after lock_registered_model.
//
// Mode: write
// Parameters:
//   $link :: MAP  {model, version_key, run_id, at}
// Returns:
//   version :: STRING  the registry version, e.g. "v0"
MATCH (m:RegisteredModel {name: $link.model})
MATCH (v:ArtifactVersion {key: $link.version_key})
SET m.version_count = m.version_count + 1
WITH m, v, m.version_count - 1 AS index
CREATE (v)-[l:LINKED_TO {version: 'v' + toString(index), index: index, at: $link.at, run_id: $link.run_id}]->(m)
RETURN l.version AS version
