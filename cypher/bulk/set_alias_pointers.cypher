// After an initial import: give each artifact and registered model its `alias:<name>`
// properties (the current holder's version key of each alias), which the online writer keeps
// beside the ALIAS / REGISTRY_ALIAS edges and the importer's fixed CSV columns cannot carry.
// In batches, so run it in an implicit (auto-commit) transaction.
//
// Mode: write
// Parameters: none
// Returns: none
CALL () {
  MATCH (a:Artifact)-[al:ALIAS]->(v:ArtifactVersion) WHERE al.until IS NULL
  RETURN a AS owner, al.name AS alias, v.key AS holder
  UNION ALL
  MATCH (m:RegisteredModel)-[al:REGISTRY_ALIAS]->(v:ArtifactVersion) WHERE al.until IS NULL
  RETURN m AS owner, al.name AS alias, v.key AS holder
}
CALL (owner, alias, holder) {
  SET owner['alias:' + alias] = holder
} IN TRANSACTIONS OF 20000 ROWS
