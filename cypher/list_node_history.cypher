// What happened to one run, artifact version or registered model, each event with its
// time: a run's start, the versions it used and logged, what it linked into the registry,
// its finish; a version's creation, the runs that used it or logged it again, the aliases
// and registry aliases it got and lost, its registry links; a registered model's creation,
// its links and its registry aliases; the flags set on a run or a version and lifted; its
// deletion, for a tombstone.
// Not ordered: the caller sorts by time.
//
// Mode: read
// Parameters:
//   $node :: MAP  {kind: "run" | "artifact_version" | "registered_model", key: run id,
//                 version key or model name}
// Returns:
//   found  :: BOOLEAN  whether the node exists
//   ref    :: STRING?  the node's ref (run:p/name, p/name:vN, registry:Model)
//   events :: LIST<MAP>  {at (DATETIME), event, target (a ref or null), previous (a ref or
//                        null), run (the ref of the run that did it, or null), detail (MAP)}
OPTIONAL MATCH (r:Run {id: $node.key}) WHERE $node.kind = 'run'
OPTIONAL MATCH (v:ArtifactVersion {key: $node.key}) WHERE $node.kind = 'artifact_version'
OPTIONAL MATCH (m:RegisteredModel {name: $node.key}) WHERE $node.kind = 'registered_model'
WITH r, v, m,
     CASE WHEN r IS NULL THEN null ELSE 'run:' + r.project + '/' + r.name END AS run_ref
RETURN coalesce(r, v, m) IS NOT NULL AS found,
  coalesce(run_ref, v.key, 'registry:' + m.name) AS ref,
  // -- a run
  CASE WHEN r IS NULL THEN [] ELSE
    [{at: r.started_at, event: 'started', target: null, previous: null, run: null,
      detail: {job_type: r.job_type, git_commit: r.git_commit, host: r.host}}]
    + CASE WHEN r.ended_at IS NULL THEN [] ELSE
        [{at: r.ended_at, event: 'finished', target: null, previous: null, run: null,
          detail: {status: r.status, exit_code: r.exit_code}}] END
  END
  + COLLECT {
      MATCH (r)-[u:USED]->(x:ArtifactVersion)
      RETURN {at: u.at, event: 'used', target: x.key, previous: null, run: null,
              detail: {requested: u.requested}} AS e
    }
  + COLLECT {
      MATCH (r)-[p:PRODUCED]->(x:ArtifactVersion)
      RETURN {at: p.at, event: CASE WHEN p.first THEN 'logged' ELSE 'logged_again' END,
              target: x.key, previous: null, run: null, detail: {}} AS e
    }
  + COLLECT {
      MATCH (x:ArtifactVersion)-[l:LINKED_TO]->(lm:RegisteredModel)
      WHERE r IS NOT NULL AND l.run_id = r.id
      RETURN {at: l.at, event: 'linked', target: 'registry:' + lm.name + ':' + l.version,
              previous: null, run: null, detail: {artifact_version: x.key}} AS e
    }
  // -- an artifact version
  + CASE WHEN v IS NULL THEN [] ELSE
      [{at: v.created_at, event: 'created', target: null, previous: null,
        run: COLLECT { MATCH (c:Run {id: v.created_by}) RETURN 'run:' + c.project + '/' + c.name }[0],
        detail: {digest: v.digest, size: v.size}}] END
  + COLLECT {
      MATCH (c:Run)-[u:USED]->(v)
      RETURN {at: u.at, event: 'used_by', target: null, previous: null,
              run: 'run:' + c.project + '/' + c.name, detail: {requested: u.requested}} AS e
    }
  + COLLECT {
      MATCH (c:Run)-[p:PRODUCED]->(v) WHERE NOT p.first
      RETURN {at: p.at, event: 'logged_again', target: null, previous: null,
              run: 'run:' + c.project + '/' + c.name, detail: {}} AS e
    }
  + COLLECT {
      MATCH (:Artifact)-[al:ALIAS]->(v)
      UNWIND CASE WHEN al.until IS NULL THEN [true] ELSE [true, false] END AS set
      RETURN {at: CASE WHEN set THEN al.since ELSE al.until END,
              event: CASE WHEN set THEN 'alias_set' ELSE 'alias_lost' END,
              target: v.artifact + ':' + al.name, previous: null, run: null,
              detail: {alias: al.name}} AS e
    }
  // -- a registered model
  + CASE WHEN m IS NULL THEN [] ELSE
      [{at: m.created_at, event: 'created', target: null, previous: null, run: null,
        detail: {}}] END
  // -- registry links and aliases, of a version (x = v) or of a model (lm = m)
  + COLLECT {
      CALL (v, m) {
        MATCH (x:ArtifactVersion)-[l:LINKED_TO]->(lm:RegisteredModel) WHERE x = v
        RETURN x, l, lm
        UNION
        MATCH (x:ArtifactVersion)-[l:LINKED_TO]->(lm:RegisteredModel) WHERE lm = m
        RETURN x, l, lm
      }
      OPTIONAL MATCH (by:Run {id: l.run_id})
      RETURN {at: l.at, event: 'linked', target: 'registry:' + lm.name + ':' + l.version,
              previous: null,
              run: CASE WHEN by IS NULL THEN null ELSE 'run:' + by.project + '/' + by.name END,
              detail: {artifact_version: x.key, model: lm.name, version: l.version}} AS e
    }
  + COLLECT {
      CALL (v, m) {
        MATCH (lm:RegisteredModel)-[ra:REGISTRY_ALIAS]->(x:ArtifactVersion) WHERE x = v
        RETURN lm, ra, x
        UNION
        MATCH (lm:RegisteredModel)-[ra:REGISTRY_ALIAS]->(x:ArtifactVersion) WHERE lm = m
        RETURN lm, ra, x
      }
      MATCH (x)-[l:LINKED_TO]->(lm)
      UNWIND CASE WHEN ra.until IS NULL THEN [true] ELSE [true, false] END AS set
      RETURN {at: CASE WHEN set THEN ra.since ELSE ra.until END,
              event: CASE WHEN set THEN 'registry_alias_set' ELSE 'registry_alias_lost' END,
              target: 'registry:' + lm.name + ':' + ra.name, previous: null, run: null,
              detail: {alias: ra.name, model: lm.name, version: l.version,
                       artifact_version: x.key}} AS e
    }
  // -- deletion: a tombstone keeps when, who and why
  + CASE WHEN coalesce(r, v, m).deleted_at IS NULL THEN [] ELSE
      [{at: coalesce(r, v, m).deleted_at, event: 'deleted', target: null, previous: null,
        run: null, detail: {by: coalesce(r, v, m).deleted_by,
                            reason: coalesce(r, v, m).delete_reason}}] END
  // -- flags on a run or a version, set and lifted
  + COLLECT {
      MATCH (f:Flag)-[:FLAGS]->(flagged) WHERE flagged = r OR flagged = v
      UNWIND CASE WHEN f.lifted_at IS NULL THEN [true] ELSE [true, false] END AS set
      RETURN {at: CASE WHEN set THEN f.at ELSE f.lifted_at END,
              event: CASE WHEN set THEN 'flagged' ELSE 'unflagged' END,
              target: null, previous: null, run: null,
              detail: {flag: f.id, reason: CASE WHEN set THEN f.reason ELSE f.lift_reason END,
                       severity: f.severity,
                       by: CASE WHEN set THEN f.by ELSE f.lifted_by END}} AS e
    }
  AS events
