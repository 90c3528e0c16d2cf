// Set the tags of imported runs whose tags the importer's CSV cannot carry (a list of one
// empty string, which CSV reads as "no property").
//
// Mode: write
// Parameters:
//   $rows :: LIST<MAP>  [{id (the run id), tags (LIST<STRING>)}]
// Returns:
//   runs :: INTEGER  how many runs were updated
UNWIND $rows AS row
MATCH (r:Run {id: row.id})
SET r.tags = row.tags
RETURN count(r) AS runs
