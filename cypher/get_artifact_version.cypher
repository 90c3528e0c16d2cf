// One artifact version by key, with its current aliases and its registry links.
//
// Mode: read
// Parameters:
//   $key :: STRING  the version's key "project/name:vN"
// Returns:
//   version :: MAP  the version's properties plus `aliases` (current alias names) and
//                   `registry` (list of {model, version, aliases})
MATCH (v:ArtifactVersion {key: $key})
RETURN v {.*,
  aliases: COLLECT { MATCH (:Artifact)-[c:ALIAS]->(v) WHERE c.until IS NULL RETURN c.name ORDER BY c.name },
  registry: COLLECT {
    MATCH (v)-[l:LINKED_TO]->(m:RegisteredModel)
    RETURN {model: m.name, version: l.version,
            aliases: COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v) WHERE ra.until IS NULL RETURN ra.name ORDER BY ra.name }}
    ORDER BY m.name
  }
} AS version
