// Record what one OpenLineage RunEvent says about its run: create the run on the first
// event seen (whatever its type), keep the earliest event time as the start, and let a
// terminal event (COMPLETE, FAIL, ABORT) set the final status even if START arrives later.
// Replaying the same events changes nothing.
//
// Mode: write
// Parameters:
//   $run :: MAP  {id (runId), project, name, job_type, namespace (job namespace), job
//                (job name), producer, at (eventTime), status ("running", "finished",
//                "failed", "crashed" or null for RUNNING/OTHER), terminal (BOOLEAN)}
// Returns:
//   run :: MAP  the run's properties after the update
MERGE (p:Project {name: $run.project})
  ON CREATE SET p.created_at = $run.at, p.run_count = 0
MERGE (r:Run {id: $run.id})
  ON CREATE SET r.project = $run.project, r.name = $run.name, r.job_type = $run.job_type,
                r.config = '{}', r.summary = '{}', r.tags = [], r.source = 'openlineage',
                r.status = coalesce($run.status, 'running'), r.started_at = $run.at
SET r.ol_namespace = $run.namespace, r.ol_job = $run.job, r.ol_producer = $run.producer,
    r.source = 'openlineage',
    r.started_at = CASE WHEN r.started_at IS NULL OR $run.at < r.started_at THEN $run.at
                        ELSE r.started_at END,
    r.status = CASE
      WHEN $run.status IS NULL THEN coalesce(r.status, 'running')
      WHEN $run.terminal THEN $run.status
      WHEN r.status IN ['finished', 'failed', 'crashed'] THEN r.status
      ELSE $run.status
    END,
    r.ended_at = CASE WHEN $run.terminal THEN $run.at ELSE r.ended_at END
RETURN r {.*} AS run
