// Finds columns by their dataset's OpenLineage namespace and name (find_column_datasets).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX column_dataset_name IF NOT EXISTS
FOR (c:Column) ON (c.ol_namespace, c.ol_name)
