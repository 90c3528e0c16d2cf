// Finds OpenLineage datasets by the start of their joined name (search: `s3://bucket/...`).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX artifact_ol_uri IF NOT EXISTS
FOR (a:Artifact) ON (a.ol_uri)
