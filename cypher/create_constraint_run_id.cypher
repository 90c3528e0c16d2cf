// Runs are unique by id (a UUIDv7; backs MERGE on Run).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT run_id IF NOT EXISTS
FOR (r:Run) REQUIRE r.id IS UNIQUE
