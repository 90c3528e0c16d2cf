// Delete a whole artifact, every version of it, after checking under the locks of the
// artifact and its versions that nothing forbids it (see delete_node): versions that runs
// outside the artifact used or that are linked into the registry (in_use, allowed with
// $force), registry aliases on them or aliases other than `latest` (aliased, allowed with
// $delete_aliases, which ends them), a tombstone already (already_deleted, can be purged).
// A soft delete marks the artifact and its versions as tombstones; a purge removes them,
// their edges and their flags, and leaves a Purged record for the artifact and for each
// version. Nothing is written unless the status is ok.
//
// Mode: write
// Parameters:
//   $artifact       :: STRING  the artifact's key "project/name"
//   $tombstone      :: MAP  {at (DATETIME), by (who), reason (STRING or null)}
//   $purge          :: BOOLEAN  remove it for real instead of keeping tombstones
//   $force          :: BOOLEAN  delete even when its versions are in use
//   $delete_aliases :: BOOLEAN  end the aliases that point at its versions instead of refusing
// Returns:
//   status   :: STRING  ok, in_use, aliased or already_deleted
//   versions :: LIST<STRING>  keys of the versions it had
MATCH (a:Artifact {key: $artifact})
SET a.deleting = true
REMOVE a.deleting
WITH a
CALL (a) {
  MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion)
  SET v.deleting = true  // the versions' locks: no use or link can slip in between
  REMOVE v.deleting
}
WITH a,
  COLLECT { MATCH (a)-[:HAS_VERSION]->(v) RETURN v.key ORDER BY v.index } AS versions,
  EXISTS { MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion)<-[:USED]-(:Run) }
  OR EXISTS { MATCH (a)-[:HAS_VERSION]->(:ArtifactVersion)-[:LINKED_TO]->() } AS in_use,
  EXISTS { MATCH (a)-[al:ALIAS]->() WHERE al.until IS NULL AND al.name <> 'latest' }
  OR EXISTS { MATCH (a)-[:HAS_VERSION]->(:ArtifactVersion)<-[ra:REGISTRY_ALIAS]-()
              WHERE ra.until IS NULL } AS aliased
WITH a, versions,
  CASE WHEN a.deleted_at IS NOT NULL AND NOT $purge THEN 'already_deleted'
       WHEN in_use AND NOT $force THEN 'in_use'
       WHEN aliased AND NOT $delete_aliases THEN 'aliased'
       ELSE 'ok' END AS status
CALL (a, status) {
  WITH a WHERE status = 'ok'
  CALL (a) {
    MATCH (a)-[al:ALIAS]->() WHERE al.until IS NULL
    SET al.until = $tombstone.at, a['alias:' + al.name] = null
  }
  CALL (a) {
    MATCH (a)-[:HAS_VERSION]->(:ArtifactVersion)<-[ra:REGISTRY_ALIAS]-(m:RegisteredModel)
    WHERE ra.until IS NULL
    SET ra.until = $tombstone.at, m['alias:' + ra.name] = null
  }
}
CALL (a, status) {
  WITH a WHERE status = 'ok' AND NOT $purge
  SET a.deleted_at = $tombstone.at, a.deleted_by = $tombstone.by,
      a.delete_reason = $tombstone.reason
  WITH a
  MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion) WHERE v.deleted_at IS NULL
  SET v.deleted_at = $tombstone.at, v.deleted_by = $tombstone.by,
      v.delete_reason = $tombstone.reason
}
CALL (a, status) {
  WITH a WHERE status = 'ok' AND $purge
  CALL (a) {
    MATCH (a)-[:HAS_VERSION]->(v:ArtifactVersion)
    CREATE (:Purged {ref: v.key, kind: 'artifact_version', key: v.key, at: $tombstone.at,
                     by: $tombstone.by, reason: $tombstone.reason})
    WITH v
    CALL (v) {
      MATCH (f:Flag)-[:FLAGS]->(v)
      DETACH DELETE f
    }
    DETACH DELETE v
  }
  CREATE (:Purged {ref: a.key, kind: 'artifact', key: a.key, at: $tombstone.at,
                   by: $tombstone.by, reason: $tombstone.reason})
  DETACH DELETE a
}
RETURN status, versions
