// Serves run listings filtered by project and job type.
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE INDEX run_project_job_type IF NOT EXISTS
FOR (r:Run) ON (r.project, r.job_type)
