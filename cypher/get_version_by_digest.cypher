// The version of an artifact that has a given content digest (how an event recorded offline,
// before the version had a number, names it).
//
// Mode: read
// Parameters:
//   $artifact :: STRING  the artifact's key "project/name"
//   $digest   :: STRING  the version's content digest
// Returns:
//   key :: STRING  the version's key "project/name:vN"
MATCH (:Artifact {key: $artifact})-[:HAS_VERSION]->(v:ArtifactVersion {digest: $digest})
RETURN v.key AS key
