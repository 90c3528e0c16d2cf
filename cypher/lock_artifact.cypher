// Lock an artifact collection (creating it on first use) before versions are counted or
// aliases moved, and look up a version that already has the given content digest.
//
// Mode: write
// Parameters:
//   $artifact :: MAP  {key ("project/name"), project, name, type, description, digest, at}
// Returns:
//   type          :: STRING  the collection's type (set when it was created)
//   version_count :: INTEGER  how many versions exist
//   existing      :: MAP  the version whose digest equals $artifact.digest, or null
MERGE (a:Artifact {key: $artifact.key})
  ON CREATE SET a.project = $artifact.project,
                a.name = $artifact.name,
                a.type = $artifact.type,
                a.description = $artifact.description,
                a.version_count = 0,
                a.created_at = $artifact.at
SET a.updated_at = $artifact.at
WITH a
OPTIONAL MATCH (a)-[:HAS_VERSION]->(same:ArtifactVersion {digest: $artifact.digest})
RETURN a.type AS type, a.version_count AS version_count, same {.*} AS existing
