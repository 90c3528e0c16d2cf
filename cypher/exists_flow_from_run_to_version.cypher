// Does data flow from a run to an artifact version (is the version downstream of the run)?
// Used before recording USED: a run may not use what descends from its own outputs.
// Each repetition of the quantified pattern is one step of data flow between versions: a
// version used by a run that produced the next version. ANY SHORTEST plans a breadth-first
// search (StatefulShortestPath) that visits each node once, however many paths exist.
//
// Mode: read
// Parameters:
//   $run_id      :: STRING  the run's id
//   $version_key :: STRING  the version's key "project/name:vN"
// Returns:
//   hops :: INTEGER  length of the shortest flow path, or no row if there is none
MATCH (r:Run {id: $run_id}), (v:ArtifactVersion {key: $version_key})
MATCH p = ANY SHORTEST (r)-[:PRODUCED]->(:ArtifactVersion)
            ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
          (v)
RETURN length(p) AS hops
