// Projects are unique by name (backs MERGE on Project).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT project_name IF NOT EXISTS
FOR (p:Project) REQUIRE p.name IS UNIQUE
