// Delete a run, an artifact version or a registered model, after checking (under the
// node's lock, so that no write can slip in between) that nothing forbids it:
//   in_use:  a version that runs used or that is linked into the registry, a model with
//            linked versions, a running run, or (to purge) a run whose outputs would lose
//            their producer; allowed with $force
//   aliased: aliases or registry aliases point at it (other than a version's `latest`,
//            which moves to the newest version left); allowed with $delete_aliases, which
//            ends them (their history keeps when they pointed there)
//   already_deleted: it is a tombstone already (it can still be purged)
// A soft delete keeps the node as a tombstone (deleted_at, deleted_by, delete_reason), so
// that lineage through it stays honest; a purge removes it, its edges and its flags, and
// leaves a Purged record (ref, kind, key, when, who, why) for the history. Either way the
// aliases that pointed at it end, and a version's `latest` moves to the newest version
// that is not deleted. Nothing is written unless the status is ok.
//
// Mode: write
// Parameters:
//   $node           :: MAP  {kind: "run" | "artifact_version" | "registered_model", key}
//   $tombstone      :: MAP  {at (DATETIME), by (who), reason (STRING or null)}
//   $purge          :: BOOLEAN  remove the node for real instead of keeping a tombstone
//   $force          :: BOOLEAN  delete even when it is in use
//   $delete_aliases :: BOOLEAN  end the aliases that point at it instead of refusing
// Returns:
//   status :: STRING  ok, in_use, aliased or already_deleted
//   ref    :: STRING  the node's ref
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
SET n.deleting = true  // takes the node's lock: the checks below are then current
REMOVE n.deleting
WITH n,
  CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name
       WHEN n:RegisteredModel THEN 'registry:' + n.name ELSE n.key END AS ref,
  (n:ArtifactVersion AND (EXISTS { (:Run)-[:USED]->(n) } OR EXISTS { (n)-[:LINKED_TO]->() }))
  OR (n:RegisteredModel AND EXISTS { ()-[:LINKED_TO]->(n) })
  OR (n:Run AND (n.status = 'running'
                 OR ($purge AND EXISTS { (n)-[:PRODUCED]->(v:ArtifactVersion)
                                         WHERE v.created_by = n.id })))
    AS in_use,
  EXISTS { MATCH (:Artifact)-[al:ALIAS]->(n) WHERE al.until IS NULL AND al.name <> 'latest' }
  OR EXISTS { MATCH (:RegisteredModel)-[ra:REGISTRY_ALIAS]->(n) WHERE ra.until IS NULL }
  OR EXISTS { MATCH (n)-[ra:REGISTRY_ALIAS]->() WHERE ra.until IS NULL } AS aliased
WITH n, ref,
  CASE WHEN n.deleted_at IS NOT NULL AND NOT $purge THEN 'already_deleted'
       WHEN in_use AND NOT $force THEN 'in_use'
       WHEN aliased AND NOT $delete_aliases THEN 'aliased'
       ELSE 'ok' END AS status
CALL (n, status) {
  // the aliases that point at it end; a version's `latest` moves to the newest one left
  WITH n WHERE status = 'ok'
  CALL (n) {
    MATCH (a:Artifact)-[al:ALIAS]->(n) WHERE al.until IS NULL
    SET al.until = $tombstone.at, a['alias:' + al.name] = null
  }
  CALL (n) {
    MATCH (m:RegisteredModel)-[ra:REGISTRY_ALIAS]->(n) WHERE ra.until IS NULL
    SET ra.until = $tombstone.at, m['alias:' + ra.name] = null
  }
  CALL (n) {
    MATCH (n)-[ra:REGISTRY_ALIAS]->(:ArtifactVersion) WHERE ra.until IS NULL
    SET ra.until = $tombstone.at, n['alias:' + ra.name] = null
  }
  CALL (n) {
    MATCH (a:Artifact)-[:HAS_VERSION]->(n)
    WHERE a['alias:latest'] IS NULL
    MATCH (a)-[:HAS_VERSION]->(w:ArtifactVersion)
    WHERE w <> n AND w.deleted_at IS NULL
    WITH a, w ORDER BY w.index DESC LIMIT 1
    CREATE (a)-[:ALIAS {name: 'latest', since: $tombstone.at}]->(w)
    SET a['alias:latest'] = w.key
  }
}
CALL (n, ref, status) {
  WITH n WHERE status = 'ok' AND NOT $purge
  SET n.deleted_at = $tombstone.at, n.deleted_by = $tombstone.by,
      n.delete_reason = $tombstone.reason
}
CALL (n, ref, status) {
  WITH n, ref WHERE status = 'ok' AND $purge
  CREATE (:Purged {ref: ref, kind: $node.kind, key: $node.key, at: $tombstone.at,
                   by: $tombstone.by, reason: $tombstone.reason})
  WITH n
  CALL (n) {
    MATCH (f:Flag)-[:FLAGS]->(n)
    DETACH DELETE f
  }
  DETACH DELETE n
}
RETURN status, ref
