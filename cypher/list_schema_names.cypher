// The names of all indexes in the database; a uniqueness constraint's backing index has the
// constraint's name, so this lists constraints too (schema apply skips what exists).
//
// Mode: read
// Parameters: none
// Returns:
//   name :: STRING  an index (or constraint) name
SHOW INDEXES YIELD name
RETURN name
