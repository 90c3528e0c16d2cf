// Flags with the node each one flags and the registry versions downstream of it, with the
// registry aliases that point at them: what a bad version has reached. Active flags only
// (as they stood at $as_of), or every flag ever set by then.
//
// Mode: read
// Parameters:
//   $as_of  :: DATETIME  the time to answer for (a time later than anything stored for now)
//   $active :: BOOLEAN  true: only flags active at $as_of; false: every flag set by then
// Returns:
//   flag     :: MAP  the flag's properties plus `ref`, the ref of the node it flags
//   registry :: LIST<MAP>  {model, version, artifact_version, aliases}: registry versions
//                          downstream of the flagged node (its own links included)
MATCH (f:Flag)-[:FLAGS]->(n)
WHERE f.at <= $as_of
  AND (NOT $active OR f.lifted_at IS NULL OR f.lifted_at > $as_of)
CALL (n) {
  MATCH p = (n) ((a)-[e:USED|PRODUCED]-(b)
                 WHERE (e.at IS NULL OR e.at <= $as_of)
                   AND ((e:USED AND endNode(e) = a) OR (e:PRODUCED AND startNode(e) = a)))* (x)
  WITH x, min(length(p)) AS distance
  WHERE x:ArtifactVersion
  MATCH (x)-[l:LINKED_TO]->(m:RegisteredModel)
  WHERE l.at IS NULL OR l.at <= $as_of
  RETURN collect({model: m.name, version: l.version, artifact_version: x.key,
                  aliases: COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(x)
                                     WHERE ra.since <= $as_of
                                       AND (ra.until IS NULL OR ra.until > $as_of)
                                     RETURN ra.name ORDER BY ra.name }}) AS registry
}
RETURN f {.*, ref: CASE WHEN n:Run THEN 'run:' + n.project + '/' + n.name ELSE n.key END}
       AS flag, registry
ORDER BY f.at, f.id
