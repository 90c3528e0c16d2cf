// What a leakage check compares: a model version's training ancestors (every artifact
// version upstream of it, with its distance) and the dataset versions its evaluations used
// (the other versions used by runs of an evaluation job type that used the model, and the
// versions given explicitly).
//
// Mode: read
// Parameters:
//   $model          :: STRING  the model's artifact version key ("project/name:vN")
//   $eval_job_types :: LIST<STRING>  job types that count as evaluation
//   $eval_data      :: LIST<STRING>  keys of versions given as evaluation data
// Returns:
//   found       :: BOOLEAN  whether the model version exists
//   ancestors   :: LIST<MAP>  {key, artifact, distance}: versions upstream of the model
//   evaluations :: LIST<MAP>  {key, artifact, run (ref, null for a version given
//                             explicitly), job_type}: versions used to evaluate it
OPTIONAL MATCH (m:ArtifactVersion {key: $model})
OPTIONAL CALL (m) {
  MATCH p = (m) ((x)-[e:USED|PRODUCED]-(y)
                 WHERE (e:USED AND startNode(e) = x) OR (e:PRODUCED AND endNode(e) = x))+ (n)
  WHERE n:ArtifactVersion AND n <> m
  WITH n, min(length(p)) AS distance
  RETURN collect({key: n.key, artifact: n.artifact, distance: distance}) AS ancestors
}
RETURN m IS NOT NULL AS found,
  coalesce(ancestors, []) AS ancestors,
  COLLECT {
    MATCH (m)<-[:USED]-(r:Run)-[:USED]->(d:ArtifactVersion)
    WHERE r.job_type IN $eval_job_types AND d <> m AND d.artifact <> m.artifact
    RETURN DISTINCT {key: d.key, artifact: d.artifact,
                     run: 'run:' + r.project + '/' + r.name, job_type: r.job_type} AS e
    UNION
    MATCH (d:ArtifactVersion) WHERE d.key IN $eval_data AND m IS NOT NULL
    RETURN {key: d.key, artifact: d.artifact, run: null, job_type: null} AS e
  } AS evaluations
