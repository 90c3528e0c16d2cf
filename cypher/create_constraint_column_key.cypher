// Columns (column-level lineage) are unique by key "project/name#field" (backs MERGE on
// Column).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT column_key IF NOT EXISTS
FOR (c:Column) REQUIRE c.key IS UNIQUE
