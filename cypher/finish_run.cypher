// Mark a run finished, failed or crashed, with its exit code, end time and summary metrics.
// Idempotent: finishing again with the same values changes nothing.
//
// Mode: write
// Parameters:
//   $finish :: MAP  {run_id, status, exit_code, ended_at, summary (JSON text)}
// Returns:
//   run :: MAP  the run's properties after the update
MATCH (r:Run {id: $finish.run_id})
SET r.status = $finish.status,
    r.exit_code = $finish.exit_code,
    r.ended_at = $finish.ended_at,
    r.summary = $finish.summary
RETURN r {.*} AS run
