// What deleting a run, an artifact version or a registered model would touch (the lineage
// downstream of it is asked separately): the runs that used a version, the versions a run
// logged, the registry links and the aliases and registry aliases that point at it now,
// and whether it is already a tombstone.
//
// Mode: read
// Parameters:
//   $node :: MAP  {kind: "run" | "artifact_version" | "registered_model", key: the run's
//                 id, the version's key or the model's name}
// Returns:
//   ref              :: STRING  the node's ref
//   status           :: STRING?  a run's status (null for the others)
//   deleted          :: MAP?  {at, by, reason} if it is already deleted (a tombstone)
//   consumers        :: LIST<STRING>  refs of the runs that used the version
//   outputs          :: LIST<STRING>  keys of the versions the run logged first
//   registry_links   :: LIST<STRING>  registry:Model:vN of the version's links or the model's
//   aliases          :: LIST<STRING>  the version's current aliases (project/name:alias)
//   registry_aliases :: LIST<STRING>  current registry aliases on the version or the model
CALL () {
  MATCH (n:Run {id: $node.key}) WHERE $node.kind = 'run'
  RETURN n
  UNION
  MATCH (n:ArtifactVersion {key: $node.key}) WHERE $node.kind = 'artifact_version'
  RETURN n
  UNION
  MATCH (n:RegisteredModel {name: $node.key}) WHERE $node.kind = 'registered_model'
  RETURN n
}
RETURN CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name
            WHEN n:RegisteredModel THEN 'registry:' + n.name ELSE n.key END AS ref,
  CASE WHEN n:Run THEN n.status END AS status,
  CASE WHEN n.deleted_at IS NULL THEN null
       ELSE {at: n.deleted_at, by: n.deleted_by, reason: n.delete_reason} END AS deleted,
  COLLECT { MATCH (r:Run)-[:USED]->(n) RETURN 'run:' + r.project + '/' + r.name AS c
            ORDER BY c } AS consumers,
  COLLECT { MATCH (n)-[p:PRODUCED]->(v:ArtifactVersion) WHERE n:Run AND v.created_by = n.id
            RETURN v.key AS o ORDER BY o } AS outputs,
  COLLECT { MATCH (n)-[l:LINKED_TO]->(m:RegisteredModel)
            RETURN 'registry:' + m.name + ':' + l.version AS r ORDER BY r
            UNION
            MATCH (:ArtifactVersion)-[l:LINKED_TO]->(n)
            RETURN 'registry:' + n.name + ':' + l.version AS r ORDER BY r } AS registry_links,
  COLLECT { MATCH (a:Artifact)-[al:ALIAS]->(n) WHERE al.until IS NULL
            RETURN a.key + ':' + al.name AS a ORDER BY a } AS aliases,
  COLLECT { MATCH (m:RegisteredModel)-[ra:REGISTRY_ALIAS]->(n) WHERE ra.until IS NULL
            RETURN 'registry:' + m.name + ':' + ra.name AS a ORDER BY a
            UNION
            MATCH (n)-[ra:REGISTRY_ALIAS]->(:ArtifactVersion) WHERE ra.until IS NULL
            RETURN 'registry:' + n.name + ':' + ra.name AS a ORDER BY a } AS registry_aliases
