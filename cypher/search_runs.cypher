// Runs matching a filter and conditions on their config and summary values, newest first:
// the listing with W&B's MongoDB-style operators. Every filter field may be null (no filter).
// Each condition compares one searchable property (`config.<key>` or `summary.<key>`, see
// graphlineage/core/searchable.py) with a value, typed: a value of another type, or no value,
// does not match ($ne and $nin match a missing value, as in MongoDB).
//
// Mode: read
// Parameters:
//   $filter     :: MAP  {project, job_type, status, name (substring, case-sensitive),
//                       started_after (DATETIME), started_before (DATETIME), group,
//                       alive_before (DATETIME: running runs whose last heartbeat, or
//                       start, is older: their process died hard)}
//   $tags       :: LIST<STRING>  the run must have every one of these tags
//   $conditions :: LIST<MAP>  [{key (property name), op ($eq $ne $gt $gte $lt $lte $in $nin
//                   $exists), value}], all must hold
//   $skip       :: INTEGER  runs to skip (paging)
//   $limit      :: INTEGER  return at most this many runs
// Returns:
//   run :: MAP  the run's properties
MATCH (r:Run)
WHERE ($filter.project IS NULL OR r.project = $filter.project)
  AND ($filter.job_type IS NULL OR r.job_type = $filter.job_type)
  AND ($filter.status IS NULL OR r.status = $filter.status)
  AND ($filter.name IS NULL OR r.name CONTAINS $filter.name)
  AND ($filter.started_after IS NULL OR r.started_at >= $filter.started_after)
  AND ($filter.started_before IS NULL OR r.started_at < $filter.started_before)
  AND ($filter.group IS NULL OR r.group = $filter.group)
  AND ($filter.alive_before IS NULL OR (r.status = 'running'
       AND coalesce(r.heartbeat_at, r.started_at) < $filter.alive_before))
  AND all(tag IN $tags WHERE tag IN coalesce(r.tags, []))
  AND all(c IN $conditions WHERE coalesce(
    CASE c.op
      WHEN '$eq' THEN r[c.key] = c.value
      WHEN '$ne' THEN r[c.key] IS NULL OR r[c.key] <> c.value
      WHEN '$gt' THEN r[c.key] > c.value
      WHEN '$gte' THEN r[c.key] >= c.value
      WHEN '$lt' THEN r[c.key] < c.value
      WHEN '$lte' THEN r[c.key] <= c.value
      WHEN '$in' THEN r[c.key] IN c.value
      WHEN '$nin' THEN r[c.key] IS NULL OR NOT r[c.key] IN c.value
      WHEN '$exists' THEN (r[c.key] IS NOT NULL) = c.value
    END, false))
RETURN r {.*} AS run
ORDER BY r.started_at DESC, r.id DESC
SKIP $skip
LIMIT $limit
