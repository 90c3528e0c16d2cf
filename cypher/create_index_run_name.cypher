// Finds runs by name across projects (graphlineage.run("vague-morning-5")).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX run_name IF NOT EXISTS
FOR (r:Run) ON (r.name)
