// The history of one alias of an artifact ("reviews-clean:production") or of a registered
// model ("registry:Sentiment:production"): every version that held it, in time order, with
// when it got the alias, when it lost it (null: it holds it still) and the run that moved
// it there when that is known (the run that logged or re-logged the version at that time,
// or, for a registry alias, the run that linked the version then).
//
// Mode: read
// Parameters:
//   $alias :: MAP  {kind: "artifact" or "registered_model", key: the artifact's key
//                  "project/name" or the model's name, name: the alias}
// Returns:
//   exists  :: BOOLEAN  whether the artifact or the registered model exists
//   holders :: LIST<MAP>  {version: artifact version key, registry_version: "vN" for a
//                         registry alias (else null), since, until (DATETIME or null),
//                         run: the ref of the run that moved it (or null)}, oldest first
OPTIONAL MATCH (a:Artifact {key: $alias.key}) WHERE $alias.kind = 'artifact'
OPTIONAL MATCH (m:RegisteredModel {name: $alias.key}) WHERE $alias.kind = 'registered_model'
RETURN a IS NOT NULL OR m IS NOT NULL AS exists,
  COLLECT {
    MATCH (a)-[al:ALIAS {name: $alias.name}]->(v:ArtifactVersion)
    OPTIONAL CALL (al, v) {
      MATCH (r:Run)-[p:PRODUCED]->(v) WHERE p.at = al.since
      RETURN r LIMIT 1
    }
    RETURN {version: v.key, registry_version: null, since: al.since, until: al.until,
            run: CASE WHEN r IS NULL THEN null ELSE 'run:' + r.project + '/' + r.name END}
           AS holder
    ORDER BY al.since, v.index
  } + COLLECT {
    MATCH (m)-[ra:REGISTRY_ALIAS {name: $alias.name}]->(v:ArtifactVersion)-[l:LINKED_TO]->(m)
    OPTIONAL MATCH (r:Run {id: l.run_id}) WHERE l.at = ra.since
    RETURN {version: v.key, registry_version: l.version, since: ra.since, until: ra.until,
            run: CASE WHEN r IS NULL THEN null ELSE 'run:' + r.project + '/' + r.name END}
           AS holder
    ORDER BY ra.since, l.index
  } AS holders
