// The datasets (artifacts ingested from OpenLineage) stored under one of the given
// (namespace, name) pairs: what a `dataset:` ref resolves to.
//
// Mode: read
// Parameters:
//   $candidates :: LIST<MAP>  [{namespace, name}]: the pairs the ref may stand for
// Returns:
//   key       :: STRING  the artifact's key "project/name"
//   project   :: STRING  its project
//   name      :: STRING  its artifact name
//   namespace :: STRING  the OpenLineage namespace
//   dataset   :: STRING  the OpenLineage name
UNWIND $candidates AS c
MATCH (a:Artifact {ol_namespace: c.namespace, ol_name: c.name})
RETURN DISTINCT a.key AS key, a.project AS project, a.name AS name,
       a.ol_namespace AS namespace, a.ol_name AS dataset
ORDER BY key
