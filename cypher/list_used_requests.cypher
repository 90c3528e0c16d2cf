// What runs asked for when they used versions: for the runs and versions of one answer,
// each USED edge between them with the refs the run gave (e.g. ["mnist_dataset:latest"]),
// so an answer can say "used mnist_dataset:latest -> v0".
//
// Mode: read
// Parameters:
//   $run_ids      :: LIST<STRING>  ids of the runs
//   $version_keys :: LIST<STRING>  keys of the artifact versions
// Returns:
//   run_id      :: STRING  the run
//   version_key :: STRING  the version it used
//   requested   :: LIST<STRING>  the refs it asked for
MATCH (r:Run)-[u:USED]->(v:ArtifactVersion)
WHERE r.id IN $run_ids AND v.key IN $version_keys
RETURN r.id AS run_id, v.key AS version_key, coalesce(u.requested, []) AS requested
ORDER BY run_id, version_key
