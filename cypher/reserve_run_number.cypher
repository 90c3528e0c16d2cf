// Lock a project (creating it on first use) and take the next run number in it.
// The number feeds the generated run name ("jumping-monkey-<number>").
//
// Mode: write
// Parameters:
//   $project :: STRING  the project's name
//   $at      :: DATETIME  the time of the request (the project's creation time if new)
// Returns:
//   number :: INTEGER  the run number, 1 for a project's first run
MERGE (p:Project {name: $project})
  ON CREATE SET p.created_at = $at, p.run_count = 0
SET p.updated_at = $at
WITH p
SET p.run_count = p.run_count + 1
RETURN p.run_count AS number
