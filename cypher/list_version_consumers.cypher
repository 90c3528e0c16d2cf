// The runs that used an artifact version.
//
// Mode: read
// Parameters:
//   $key :: STRING  the version's key "project/name:vN"
// Returns:
//   run       :: MAP  the run's properties
//   requested :: LIST<STRING>  the refs the run asked for
MATCH (:ArtifactVersion {key: $key})<-[u:USED]-(r:Run)
RETURN r {.*} AS run, u.requested AS requested
ORDER BY u.at, r.id
