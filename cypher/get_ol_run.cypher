// One OpenLineage run by id, with its inputs and outputs (Marquez read API).
//
// Mode: read
// Parameters:
//   $id :: STRING  the run id
// Returns:
//   run :: MAP  {id, status, ol_run_facets, ol_job_facets, namespace, job,
//                      started_at, ended_at (ISO text), inputs, outputs ([{namespace, name,
//                      version}]: the datasets it read and wrote)}
MATCH (r:Run {id: $id}) WHERE r.ol_job IS NOT NULL
RETURN r {.id, .status, .ol_run_facets, .ol_job_facets, namespace: r.ol_namespace, job: r.ol_job,
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
           }} AS run
