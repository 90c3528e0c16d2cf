// Finds artifact collections by name across projects (refs written without a project).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX artifact_name IF NOT EXISTS
FOR (a:Artifact) ON (a.name)
