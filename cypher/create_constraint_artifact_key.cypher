// Artifact collections are unique by key "project/name" (backs MERGE on Artifact).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT artifact_key IF NOT EXISTS
FOR (a:Artifact) REQUIRE a.key IS UNIQUE
