// The runs that logged an artifact version; the creator first.
//
// Mode: read
// Parameters:
//   $key :: STRING  the version's key "project/name:vN"
// Returns:
//   run   :: MAP  the run's properties
//   first :: BOOLEAN  whether this run created the version
MATCH (:ArtifactVersion {key: $key})<-[p:PRODUCED]-(r:Run)
RETURN r {.*} AS run, p.first AS first
ORDER BY p.first DESC, p.at, r.id
