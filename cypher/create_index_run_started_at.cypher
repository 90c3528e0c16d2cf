// Serves run listings by time range.
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX run_started_at IF NOT EXISTS
FOR (r:Run) ON (r.started_at)
