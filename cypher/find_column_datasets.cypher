// The datasets known only from column lineage (a `columnLineage` facet names their columns,
// no event names the dataset itself) stored under one of the given (namespace, name) pairs:
// what a `dataset:` ref of a column question resolves to when no artifact matches.
//
// Mode: read
// Parameters:
//   $candidates :: LIST<MAP>  [{namespace, name}]: the pairs the ref may stand for
// Returns:
//   key       :: STRING  the dataset's artifact key "project/name" (its columns' `dataset`)
//   namespace :: STRING  the OpenLineage namespace
//   dataset   :: STRING  the OpenLineage name
UNWIND $candidates AS c
MATCH (col:Column {ol_namespace: c.namespace, ol_name: c.name})
RETURN DISTINCT col.dataset AS key, col.ol_namespace AS namespace, col.ol_name AS dataset
ORDER BY key
