// The projects that have an artifact of a given name (to complete a ref written without
// its project when the name is unambiguous).
//
// Mode: read
// Parameters:
//   $name :: STRING  the artifact's name
// Returns:
//   project :: STRING  a project holding an artifact of that name
MATCH (a:Artifact {name: $name})
RETURN DISTINCT a.project AS project
ORDER BY project
LIMIT 20
