// Check that the server answers and report what it runs.
//
// Mode: read
// Parameters: none
// Returns:
//   name     :: STRING  the component name ("Neo4j Kernel")
//   versions :: LIST<STRING>  the server's version(s)
//   edition  :: STRING  "community" or "enterprise"
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
