// The OpenLineage namespaces (of jobs and of datasets) in the graph, for the Marquez read
// API's GET /api/v1/namespaces.
//
// Mode: read
// Parameters: none
// Returns:
//   name       :: STRING  the namespace
//   created_at :: STRING?  the earliest run start or dataset creation in it (ISO text)
//   updated_at :: STRING?  the latest run event or dataset update in it (ISO text)
CALL () {
  MATCH (r:Run) WHERE r.ol_namespace IS NOT NULL
  RETURN r.ol_namespace AS name, min(r.started_at) AS created,
         max(coalesce(r.ended_at, r.started_at)) AS updated
  UNION ALL
  MATCH (a:Artifact) WHERE a.ol_namespace IS NOT NULL
  RETURN a.ol_namespace AS name, min(a.created_at) AS created, max(a.updated_at) AS updated
}
WITH name, min(created) AS created, max(updated) AS updated
RETURN name, toString(created) AS created_at, toString(updated) AS updated_at
ORDER BY name
