// A run's name is unique within its project.
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT run_project_name IF NOT EXISTS
FOR (r:Run) REQUIRE (r.project, r.name) IS UNIQUE
