// One page of the runs of an OpenLineage job, newest first (Marquez read API).
//
// Mode: read
// Parameters:
//   $namespace :: STRING  the job namespace
//   $job       :: STRING  the job name
//   $skip      :: INTEGER  runs to skip (paging)
//   $limit     :: INTEGER  at most this many runs
// Returns:
//   total :: INTEGER  how many runs the job has
//   runs  :: LIST<MAP>  this page's runs {id, status, ol_run_facets, ol_job_facets, namespace, job,
//                      started_at, ended_at (ISO text), inputs, outputs ([{namespace, name,
//                      version}]: the datasets it read and wrote)}
MATCH (r:Run {ol_namespace: $namespace, ol_job: $job})
WITH r ORDER BY r.started_at DESC, r.id
WITH collect(r) AS found
RETURN size(found) AS total, [r IN found[$skip..$skip + $limit] | r {.id, .status, .ol_run_facets, .ol_job_facets, namespace: r.ol_namespace, job: r.ol_job,
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
           }}] AS runs
