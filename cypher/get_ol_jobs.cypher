// OpenLineage jobs by namespace and name: when their runs started, how many there are, and
// the latest run with its inputs and outputs (Marquez read API).
//
// Mode: read
// Parameters:
//   $jobs :: LIST<MAP>  [{namespace, name}]
// Returns:
//   namespace  :: STRING  the job namespace
//   name       :: STRING  the job name
//   created_at :: STRING  the first run's start (ISO text)
//   updated_at :: STRING  the latest run event (ISO text)
//   run_count  :: INTEGER  how many runs the job has
//   latest     :: MAP  the latest run (by start) {id, status, ol_run_facets, ol_job_facets, namespace, job,
//                      started_at, ended_at (ISO text), inputs, outputs ([{namespace, name,
//                      version}]: the datasets it read and wrote)}
UNWIND $jobs AS j
CALL (j) {
  MATCH (r:Run {ol_namespace: j.namespace, ol_job: j.name})
  WITH r ORDER BY r.started_at DESC
  WITH collect(r) AS runs
  WHERE size(runs) > 0
  WITH runs, runs[0] AS r
  RETURN size(runs) AS run_count, toString(reduce(m = r.started_at, x IN runs |
           CASE WHEN x.started_at < m THEN x.started_at ELSE m END)) AS created_at,
         toString(reduce(m = coalesce(r.ended_at, r.started_at), x IN runs |
           CASE WHEN coalesce(x.ended_at, x.started_at) > m THEN coalesce(x.ended_at, x.started_at)
                ELSE m END)) AS updated_at,
         r {.id, .status, .ol_run_facets, .ol_job_facets, namespace: r.ol_namespace, job: r.ol_job,
           started_at: toString(r.started_at), ended_at: toString(r.ended_at),
           inputs: COLLECT {
             MATCH (r)-[:USED]->(v:ArtifactVersion)<-[:HAS_VERSION]-(a:Artifact)
             WHERE a.ol_namespace IS NOT NULL
             RETURN {namespace: a.ol_namespace, name: a.ol_name, version: v.version}
             ORDER BY a.ol_namespace, a.ol_name, v.version
           },
           outputs: COLLECT {
             MATCH (r)-[:PRODUCED]->(v:ArtifactVersion)<-[:HAS_VERSION]-(a:Artifact)
             WHERE a.ol_namespace IS NOT NULL
             RETURN {namespace: a.ol_namespace, name: a.ol_name, version: v.version}
             ORDER BY a.ol_namespace, a.ol_name, v.version
           }} AS latest
}
RETURN j.namespace AS namespace, j.name AS name, created_at, updated_at, run_count, latest
