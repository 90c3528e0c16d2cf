// The versions that have given content digests, many at once (an importer names the versions
// it logged by digest, then uses them by number).
//
// Mode: read
// Parameters:
//   $pairs :: LIST<MAP>  {artifact: the artifact's key "project/name", digest}
// Returns:
//   artifact :: STRING  the artifact's key
//   digest   :: STRING  the content digest
//   key      :: STRING  the version's key "project/name:vN"
//   index    :: INTEGER  the version's number N
UNWIND $pairs AS pair
MATCH (:Artifact {key: pair.artifact})-[:HAS_VERSION]->(v:ArtifactVersion {digest: pair.digest})
RETURN pair.artifact AS artifact, pair.digest AS digest, v.key AS key, v.index AS index
