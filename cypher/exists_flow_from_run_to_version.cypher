// Does data flow from a run to an artifact version (is the version downstream of the run)?
// Used before recording USED: a run may not use what descends from its own outputs.
// Data flows Run -PRODUCED-> ArtifactVersion and ArtifactVersion <-USED- Run; the undirected
// steps below are pinned to that direction by the labels on both ends.
//
// Mode: read
// Parameters:
//   $run_id      :: STRING  the run's id
//   $version_key :: STRING  the version's key "project/name:vN"
// Returns:
//   hops :: INTEGER  length of the shortest flow path, or no row if there is none
MATCH (r:Run {id: $run_id}), (v:ArtifactVersion {key: $version_key})
MATCH p = ANY SHORTEST (r)((x)-[e:PRODUCED|USED]-(y)
            WHERE (x:Run AND e:PRODUCED AND y:ArtifactVersion)
               OR (x:ArtifactVersion AND e:USED AND y:Run))+(v)
RETURN length(p) AS hops
