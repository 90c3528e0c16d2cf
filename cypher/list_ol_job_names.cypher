// One page of the names of the OpenLineage jobs (their runs' job names) in a namespace
// (Marquez read API).
//
// Mode: read
// Parameters:
//   $namespace :: STRING  the job namespace
//   $skip      :: INTEGER  names to skip (paging)
//   $limit     :: INTEGER  at most this many names
// Returns:
//   total :: INTEGER  how many jobs the namespace has
//   names :: LIST<STRING>  this page's job names, in order
MATCH (r:Run {ol_namespace: $namespace})
WITH DISTINCT r.ol_job AS name ORDER BY name
WITH collect(name) AS names
RETURN size(names) AS total, names[$skip..$skip + $limit] AS names
