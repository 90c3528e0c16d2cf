// The ancestries of two artifact versions side by side, for a diff: every run and artifact
// version upstream of each, with its distance (the fewest edges), and what a comparison
// needs: a version's artifact and version, a run's job type, config and code commit. One
// row per side; a side whose version does not exist comes back with `found` false.
//
// Upstream means against the flow of data (version -> the run that PRODUCED it -> the
// versions it USED), read from each edge itself as in list_upstream_nodes, planned as a
// pruning breadth-first search: the cost follows the size of the answer, not the number
// of paths.
//
// Mode: read
// Parameters:
//   $a :: STRING  the first artifact version's key ("project/name:vN")
//   $b :: STRING  the second artifact version's key
// Returns:
//   side  :: STRING  "a" or "b"
//   found :: BOOLEAN  whether that version exists
//   nodes :: LIST<MAP>  {ref, kind ("run" or "artifact_version"), distance, artifact,
//                       version (versions), job_type, config, git_commit (runs)}
UNWIND [{side: 'a', key: $a}, {side: 'b', key: $b}] AS start
OPTIONAL MATCH (s:ArtifactVersion {key: start.key})
OPTIONAL CALL (s) {
  MATCH p = (s) ((x)-[e:USED|PRODUCED]-(y)
                 WHERE (e:USED AND startNode(e) = x) OR (e:PRODUCED AND endNode(e) = x))+ (n)
  WITH n, min(length(p)) AS distance
  WHERE n <> s
  RETURN collect(CASE WHEN n:Run
    THEN {ref: 'run:' + n.project + '/' + n.name, kind: 'run', distance: distance,
          job_type: n.job_type, config: n.config, git_commit: n.git_commit}
    ELSE {ref: n.key, kind: 'artifact_version', distance: distance, artifact: n.artifact,
          version: n.version}
  END) AS upstream
}
RETURN start.side AS side, s IS NOT NULL AS found, coalesce(upstream, []) AS nodes
