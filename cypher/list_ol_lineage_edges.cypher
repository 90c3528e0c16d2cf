// The job-dataset edges of the Marquez lineage graph at some jobs and datasets (one
// breadth-first level of GET /api/v1/lineage): a job reads a dataset when one of its runs
// USED a version of it, writes it when one PRODUCED one.
//
// Mode: read
// Parameters:
//   $jobs     :: LIST<MAP>  [{namespace, name}]: jobs whose datasets to find
//   $datasets :: LIST<MAP>  [{namespace, name}]: datasets whose jobs to find
// Returns:
//   job_namespace :: STRING  the job's namespace
//   job           :: STRING  the job's name
//   type          :: STRING  USED (the job reads the dataset) or PRODUCED (writes it)
//   namespace     :: STRING  the dataset's namespace
//   name          :: STRING  the dataset's name
CALL () {
  UNWIND $jobs AS j
  MATCH (r:Run {ol_namespace: j.namespace, ol_job: j.name})-[e:USED|PRODUCED]->
        (:ArtifactVersion)<-[:HAS_VERSION]-(a:Artifact)
  WHERE a.ol_namespace IS NOT NULL
  RETURN j.namespace AS job_namespace, j.name AS job, type(e) AS type,
         a.ol_namespace AS namespace, a.ol_name AS name
  UNION
  UNWIND $datasets AS d
  MATCH (a:Artifact {ol_namespace: d.namespace, ol_name: d.name})-[:HAS_VERSION]->
        (:ArtifactVersion)<-[e:USED|PRODUCED]-(r:Run)
  WHERE r.ol_job IS NOT NULL
  RETURN r.ol_namespace AS job_namespace, r.ol_job AS job, type(e) AS type,
         d.namespace AS namespace, d.name AS name
}
RETURN job_namespace, job, type, namespace, name
ORDER BY job_namespace, job, type, namespace, name
