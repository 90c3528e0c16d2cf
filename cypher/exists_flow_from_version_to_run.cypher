// Does data flow from an artifact version to a run (is the version upstream of the run)?
// Used before recording PRODUCED for existing content: a run may not produce its own input.
//
// Mode: read
// Parameters:
//   $version_key :: STRING  the version's key "project/name:vN"
//   $run_id      :: STRING  the run's id
// Returns:
//   hops :: INTEGER  length of the shortest flow path, or no row if there is none
MATCH (v:ArtifactVersion {key: $version_key}), (r:Run {id: $run_id})
MATCH p = ANY SHORTEST (v)((x)-[e:PRODUCED|USED]-(y)
            WHERE (x:Run AND e:PRODUCED AND y:ArtifactVersion)
               OR (x:ArtifactVersion AND e:USED AND y:Run))+(r)
RETURN length(p) AS hops
