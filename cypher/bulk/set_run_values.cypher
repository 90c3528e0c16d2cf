// Set the searchable config and summary values of imported runs (`config.<key>`,
// `summary.<key>`: their names vary from run to run, so the importer's CSV has no column
// for them).
//
// Mode: write
// Parameters:
//   $rows :: LIST<MAP>  [{id (the run id), values (MAP: property name -> value)}]
// Returns:
//   runs :: INTEGER  how many runs were updated
UNWIND $rows AS row
MATCH (r:Run {id: row.id})
SET r += row.values
RETURN count(r) AS runs
