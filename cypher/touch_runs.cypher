// A heartbeat: the processes of these runs are alive at $at. Only running runs are touched,
// and a heartbeat never moves back in time. Not an event: it takes no event id and leaves
// `last_event` alone, so it cannot reorder a run's events; it is never journaled (a late
// heartbeat would be a lie).
//
// Mode: write
// Parameters:
//   $run_ids :: LIST<STRING>  ids of the runs
//   $at      :: DATETIME  when their processes were last seen alive
// Returns:
//   runs :: INTEGER  how many running runs were touched
UNWIND $run_ids AS id
MATCH (r:Run {id: id})
WHERE r.status = 'running'
SET r.heartbeat_at = CASE WHEN r.heartbeat_at IS NULL OR r.heartbeat_at < $at THEN $at
                          ELSE r.heartbeat_at END
RETURN count(r) AS runs
