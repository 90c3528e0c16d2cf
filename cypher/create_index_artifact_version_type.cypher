// Serves listings of artifact versions by type ("dataset", "model", ...).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX artifact_version_type IF NOT EXISTS
FOR (v:ArtifactVersion) ON (v.type)
