// One page of the names of the OpenLineage datasets in a namespace (Marquez read API).
//
// Mode: read
// Parameters:
//   $namespace :: STRING  the dataset namespace
//   $skip      :: INTEGER  names to skip (paging)
//   $limit     :: INTEGER  at most this many names
// Returns:
//   total :: INTEGER  how many datasets the namespace has
//   names :: LIST<STRING>  this page's dataset names, in order
MATCH (a:Artifact {ol_namespace: $namespace})
WITH a.ol_name AS name ORDER BY name
WITH collect(name) AS names
RETURN size(names) AS total, names[$skip..$skip + $limit] AS names
