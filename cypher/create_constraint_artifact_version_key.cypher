// Artifact versions are unique by key "project/name:vN".
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT artifact_version_key IF NOT EXISTS
FOR (v:ArtifactVersion) REQUIRE v.key IS UNIQUE
