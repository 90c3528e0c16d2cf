// Datasets from OpenLineage are unique by their namespace and name (finds `dataset:` refs;
// backs the artifact that MERGE on its key makes for them).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT artifact_dataset IF NOT EXISTS
FOR (a:Artifact) REQUIRE (a.ol_namespace, a.ol_name) IS UNIQUE
