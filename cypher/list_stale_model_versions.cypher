// Stale models: registry versions whose ancestry contains an artifact version of which a
// newer version exists (trained on v2 of a dataset that has a v3 by now).
//
// For each linked version the ancestry is a pruning breadth-first search (see
// list_upstream_nodes); the model's own artifact is not counted against it.
//
// Mode: read
// Parameters:
//   $model :: STRING?  only this registered model, or null for all
// Returns:
//   model            :: STRING  the registered model's name
//   version          :: STRING  the registry version, e.g. "v3"
//   artifact_version :: STRING  key of the linked artifact version
//   aliases          :: LIST<STRING>  registry aliases currently on this version
//   outdated         :: LIST<MAP>  {used: key of the old upstream version, newest: key of
//                                   the newest version of that artifact, behind: how many
//                                   versions newer ones exist, distance}
MATCH (mv:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel)
WHERE $model IS NULL OR m.name = $model
CALL (mv) {
  MATCH p = (mv) ((a)-[e:USED|PRODUCED|LINKED_TO]-(b)
                  WHERE (e:USED AND startNode(e) = a) OR (NOT e:USED AND endNode(e) = a))+
            (u:ArtifactVersion)
  WITH u, min(length(p)) AS distance
  WHERE u.artifact <> mv.artifact
  MATCH (art:Artifact)-[:HAS_VERSION]->(u)
  WITH u, distance, COLLECT {
    MATCH (art)-[:HAS_VERSION]->(n:ArtifactVersion) WHERE n.index > u.index
    RETURN n.key ORDER BY n.index DESC
  } AS newer
  WHERE size(newer) > 0
  RETURN collect({used: u.key, newest: newer[0], behind: size(newer), distance: distance}) AS outdated
}
WITH m, l, mv, outdated WHERE size(outdated) > 0
RETURN m.name AS model, l.version AS version, mv.key AS artifact_version,
       COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(mv) WHERE ra.until IS NULL
                 RETURN ra.name ORDER BY ra.name } AS aliases,
       outdated
ORDER BY model, l.index
