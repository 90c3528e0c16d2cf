// Finds artifact versions by artifact name across projects.
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX artifact_version_name IF NOT EXISTS
FOR (v:ArtifactVersion) ON (v.name)
