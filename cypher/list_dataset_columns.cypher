// The columns known for one dataset (from `schema` and `columnLineage` facets): what a
// column question may ask about.
//
// Mode: read
// Parameters:
//   $dataset :: STRING  the dataset's artifact key "project/name"
// Returns:
//   field :: STRING  the column's name
MATCH (c:Column {dataset: $dataset})
RETURN c.field AS field
ORDER BY field
