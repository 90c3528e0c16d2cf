// Does data flow from an artifact version to a run (is the version upstream of the run)?
// Used before recording PRODUCED for existing content: a run may not produce its own input.
//
// A breadth-first search (ANY SHORTEST) over version-run-version steps: cost follows
// the nodes reached, not the number of paths.
//
// Mode: read
// Parameters:
//   $version_key :: STRING  the version's key "project/name:vN"
//   $run_id      :: STRING  the run's id
// Returns:
//   hops :: INTEGER  length of the shortest flow path, or no row if there is none
MATCH (v:ArtifactVersion {key: $version_key}), (r:Run {id: $run_id})
MATCH p = ANY SHORTEST (v)
            ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
          (:ArtifactVersion)<-[:USED]-(r)
RETURN length(p) AS hops
