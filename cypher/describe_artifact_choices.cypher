// What exists around an artifact name that could not be resolved: its versions and current
// aliases, and the other artifact names in the project (for "not found" messages).
//
// Mode: read
// Parameters:
//   $artifact :: STRING  the artifact's key "project/name"
//   $project  :: STRING  the project
// Returns:
//   exists        :: BOOLEAN  whether the artifact collection exists
//   version_count :: INTEGER?  how many versions it has (null if it does not exist)
//   aliases       :: LIST<STRING>  its current aliases
//   names         :: LIST<STRING>  artifact names in the project (at most 50)
OPTIONAL MATCH (a:Artifact {key: $artifact})
RETURN a IS NOT NULL AS exists,
       a.version_count AS version_count,
       COLLECT { MATCH (a)-[al:ALIAS]->() WHERE al.until IS NULL RETURN DISTINCT al.name ORDER BY al.name } AS aliases,
       COLLECT { MATCH (o:Artifact {project: $project}) RETURN o.name ORDER BY o.name LIMIT 50 } AS names
