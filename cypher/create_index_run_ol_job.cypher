// Finds the runs of one OpenLineage job (the Marquez read API's jobs and lineage).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX run_ol_job IF NOT EXISTS
FOR (r:Run) ON (r.ol_namespace, r.ol_job)
