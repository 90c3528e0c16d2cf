// Link a run to its parent run (the OpenLineage parent-run facet): CHILD_OF, with the parent
// created as a placeholder (status "unknown") if its own events have not arrived yet.
//
// Mode: write
// Parameters:
//   $link :: MAP  {child (run id), parent (run id), project, name, job_type, namespace,
//                 job (the parent's project, name, job type, job namespace and job name)}
// Returns:
//   parent :: STRING  the parent run's id
MATCH (child:Run {id: $link.child})
MERGE (parent:Run {id: $link.parent})
  ON CREATE SET parent.project = $link.project, parent.name = $link.name,
                parent.job_type = $link.job_type, parent.ol_namespace = $link.namespace,
                parent.ol_job = $link.job, parent.status = 'unknown', parent.config = '{}',
                parent.summary = '{}', parent.tags = [], parent.source = 'openlineage'
MERGE (child)-[:CHILD_OF]->(parent)
RETURN parent.id AS parent
