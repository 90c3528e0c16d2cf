// Runs matching a filter, newest first. Every filter field may be null (no filter).
// Deleted runs (tombstones) are left out, unless deleted after $filter.as_of.
//
// Mode: read
// Parameters:
//   $filter :: MAP  {project, job_type, status, name (substring, case-sensitive),
//                   started_after (DATETIME), started_before (DATETIME),
//                   as_of (DATETIME): the runs started by then (null: now)}
//   $skip   :: INTEGER  runs to skip (paging)
//   $limit  :: INTEGER  return at most this many runs
// Returns:
//   run :: MAP  the run's properties
WITH coalesce($filter.as_of, datetime('9999-12-31T00:00:00Z')) AS as_of
MATCH (r:Run)
WHERE (r.deleted_at IS NULL OR r.deleted_at > as_of)
  AND (r.started_at IS NULL OR r.started_at <= as_of)
  AND ($filter.project IS NULL OR r.project = $filter.project)
  AND ($filter.job_type IS NULL OR r.job_type = $filter.job_type)
  AND ($filter.status IS NULL OR r.status = $filter.status)
  AND ($filter.name IS NULL OR r.name CONTAINS $filter.name)
  AND ($filter.started_after IS NULL OR r.started_at >= $filter.started_after)
  AND ($filter.started_before IS NULL OR r.started_at < $filter.started_before)
RETURN r {.*} AS run
ORDER BY r.started_at DESC, r.id DESC
SKIP $skip
LIMIT $limit
