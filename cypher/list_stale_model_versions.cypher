// Stale models: registry versions whose ancestry contains an artifact version of which a
// newer version exists (trained on v2 of a dataset that has a v3 by now).
//
// For each linked version the ancestry is a pruning breadth-first search (see
// list_upstream_nodes); the model's own artifact is not counted against it, nor are newer
// versions that were deleted.
//
// Mode: read
// Parameters:
//   $model :: STRING?  only this registered model, or null for all
//   $as_of :: DATETIME  as the graph stood then: links, edges and newer versions made by
//             then (a time later than anything stored for now)
// Returns:
//   model            :: STRING  the registered model's name
//   version          :: STRING  the registry version, e.g. "v3"
//   artifact_version :: STRING  key of the linked artifact version
//   aliases          :: LIST<STRING>  registry aliases on this version (at $as_of)
//   outdated         :: LIST<MAP>  {used: key of the old upstream version, newest: key of
//                                   the newest version of that artifact, behind: how many
//                                   versions newer ones exist, distance}
MATCH (mv:ArtifactVersion)-[l:LINKED_TO]->(m:RegisteredModel)
WHERE ($model IS NULL OR m.name = $model) AND (l.at IS NULL OR l.at <= $as_of)
CALL (mv) {
  MATCH p = (mv) ((a)-[e:USED|PRODUCED|LINKED_TO]-(b)
                  WHERE (e.at IS NULL OR e.at <= $as_of)
                    AND ((e:USED AND startNode(e) = a) OR (NOT e:USED AND endNode(e) = a)))+
            (u:ArtifactVersion)
  WITH u, min(length(p)) AS distance
  WHERE u.artifact <> mv.artifact
  MATCH (art:Artifact)-[:HAS_VERSION]->(u)
  WITH u, distance, COLLECT {
    MATCH (art)-[:HAS_VERSION]->(n:ArtifactVersion)
    WHERE n.index > u.index AND (n.created_at IS NULL OR n.created_at <= $as_of)
      AND (n.deleted_at IS NULL OR n.deleted_at > $as_of)
    RETURN n.key ORDER BY n.index DESC
  } AS newer
  WHERE size(newer) > 0
  RETURN collect({used: u.key, newest: newer[0], behind: size(newer), distance: distance}) AS outdated
}
WITH m, l, mv, outdated WHERE size(outdated) > 0
RETURN m.name AS model, l.version AS version, mv.key AS artifact_version,
       COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(mv)
                 WHERE ra.since <= $as_of AND (ra.until IS NULL OR ra.until > $as_of)
                 RETURN ra.name ORDER BY ra.name } AS aliases,
       outdated
ORDER BY model, l.index
