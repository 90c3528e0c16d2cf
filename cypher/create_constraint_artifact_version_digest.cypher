// Within one artifact, a content digest names at most one version (no duplicate content).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT artifact_version_digest IF NOT EXISTS
FOR (v:ArtifactVersion) REQUIRE (v.artifact, v.digest) IS UNIQUE
