// Record that a lineage event was applied to its run, and say whether it had been already.
// Runs in the same transaction as the event's writes, so a journal replayed twice, or an
// event sent twice, changes nothing the second time.
//
// Mode: write
// Parameters:
//   $event :: MAP  {id (the event's UUIDv7), run_id}
// Returns:
//   seen       :: BOOLEAN  true if the event had been applied before (nothing recorded)
//   run_exists :: BOOLEAN  whether the run exists (nothing is recorded when it does not)
OPTIONAL MATCH (r:Run {id: $event.run_id})
WITH r, r IS NOT NULL AND $event.id IN coalesce(r.applied_events, []) AS seen
CALL (r, seen) {
  WITH r, seen WHERE r IS NOT NULL AND NOT seen
  SET r.applied_events = coalesce(r.applied_events, []) + [$event.id]
}
RETURN seen, r IS NOT NULL AS run_exists
