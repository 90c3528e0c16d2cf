// The purges recorded for a ref: a purged run, artifact version or registered model is
// gone with its edges, and this record is what its history keeps.
//
// Mode: read
// Parameters:
//   $keys :: LIST<STRING>  the refs or keys asked about (a run's ref, id or name; a version's
//                          key, with or without its project; registry:Model)
// Returns:
//   purge :: MAP  {ref, kind, key, at, by, reason}
MATCH (p:Purged)
WHERE p.ref IN $keys OR p.key IN $keys OR any(k IN $keys WHERE p.key ENDS WITH '/' + k)
RETURN p {.*} AS purge
ORDER BY p.at
