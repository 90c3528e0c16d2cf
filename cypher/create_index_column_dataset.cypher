// Finds the columns of one dataset (list_dataset_columns).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX column_dataset IF NOT EXISTS
FOR (c:Column) ON (c.dataset)
