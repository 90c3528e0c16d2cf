// What deleting a whole artifact (every version of it) would touch: the runs that used its
// versions, their registry links, the aliases and registry aliases on them, and every node
// downstream of any of them, whose lineage they are part of.
//
// Mode: read
// Parameters:
//   $artifact :: STRING  the artifact's key "project/name"
//   $limit    :: INTEGER  list at most this many downstream nodes
// Returns:
//   versions         :: LIST<STRING>  keys of its versions (tombstones too)
//   deleted          :: MAP?  {at, by, reason} if the artifact is already deleted
//   consumers        :: LIST<STRING>  refs of runs outside it that used its versions
//   registry_links   :: LIST<STRING>  registry:Model:vN linked to its versions
//   aliases          :: LIST<STRING>  its current aliases (project/name:alias)
//   registry_aliases :: LIST<STRING>  current registry aliases on its versions
//   downstream       :: LIST<STRING>  refs of nodes downstream of its versions (at most $limit)
//   downstream_total :: INTEGER  how many nodes are downstream
MATCH (a:Artifact {key: $artifact})
CALL (a) {
  OPTIONAL MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion)
  OPTIONAL MATCH p = (v) ((x)-[e:USED|PRODUCED|LINKED_TO]-(y)
                          WHERE (e:USED AND endNode(e) = x) OR (NOT e:USED AND startNode(e) = x))+ (n)
  WITH n, min(length(p)) AS distance
  WHERE n IS NOT NULL AND NOT (n:ArtifactVersion AND n.artifact = $artifact)
  WITH n, distance ORDER BY distance, coalesce(n.key, n.project + '/' + n.name, n.name)
  RETURN collect(CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name
                      WHEN n:RegisteredModel THEN 'registry:' + n.name ELSE n.key END) AS below
}
RETURN COLLECT { MATCH (a)-[:HAS_VERSION]->(v) RETURN v.key ORDER BY v.index } AS versions,
  CASE WHEN a.deleted_at IS NULL THEN null
       ELSE {at: a.deleted_at, by: a.deleted_by, reason: a.delete_reason} END AS deleted,
  COLLECT { MATCH (a)-[:HAS_VERSION]->(:ArtifactVersion)<-[:USED]-(r:Run)
            RETURN DISTINCT 'run:' + r.project + '/' + r.name AS c ORDER BY c } AS consumers,
  COLLECT { MATCH (a)-[:HAS_VERSION]->(:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel)
            RETURN 'registry:' + m.name + ':' + l.version AS r ORDER BY r } AS registry_links,
  COLLECT { MATCH (a)-[al:ALIAS]->(:ArtifactVersion) WHERE al.until IS NULL
            RETURN a.key + ':' + al.name AS n ORDER BY n } AS aliases,
  COLLECT { MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion)<-[ra:REGISTRY_ALIAS]-(m)
            WHERE ra.until IS NULL
            RETURN 'registry:' + m.name + ':' + ra.name AS n ORDER BY n } AS registry_aliases,
  below[..$limit] AS downstream, size(below) AS downstream_total
