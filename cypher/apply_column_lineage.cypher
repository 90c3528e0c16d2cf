// Write column-level lineage (from OpenLineage `columnLineage` and `schema` facets; see
// graphlineage/ingest/ol_columns.py): each column a `Column` joined to its dataset's
// artifact by HAS_COLUMN (when the artifact exists), and each stated derivation
// `(input column)-[:FEEDS]->(output column)`, whose transformation types are the union of
// all that were stated, and whose description, run and time are the last stated. Runs in
// the transaction that wrote the events; replaying it changes nothing.
//
// Mode: write
// Parameters:
//   $columns :: LIST<MAP>  [{key ("project/name#field"), dataset (the artifact key),
//                          field, namespace, name (the dataset's OpenLineage names)}]
//   $edges   :: LIST<MAP>  [{source, target (column keys, both in $columns), types
//                          (LIST<STRING>), description (STRING or null), run (run id or
//                          null), at (INTEGER nanoseconds since the epoch)}]
// Returns:
//   columns :: INTEGER  how many columns were named
//   edges   :: INTEGER  how many derivations were written
CALL () {
  UNWIND $columns AS c
  MERGE (col:Column {key: c.key})
    ON CREATE SET col.dataset = c.dataset, col.field = c.field, col.ol_namespace = c.namespace,
                  col.ol_name = c.name
  WITH col, c
  OPTIONAL MATCH (a:Artifact {key: c.dataset})
  CALL (a, col) {
    WITH a, col WHERE a IS NOT NULL
    MERGE (a)-[:HAS_COLUMN]->(col)
  }
  RETURN count(*) AS columns
}
CALL () {
  UNWIND $edges AS e
  MATCH (s:Column {key: e.source})
  MATCH (t:Column {key: e.target})
  MERGE (s)-[f:FEEDS]->(t)
    ON CREATE SET f.types = []
  SET f.types = f.types + [x IN e.types WHERE NOT x IN f.types],
      f.description = coalesce(e.description, f.description),
      f.run = coalesce(e.run, f.run),
      f.at = datetime({epochSeconds: e.at / 1000000000, nanosecond: e.at % 1000000000})
  RETURN count(*) AS edges
}
RETURN columns, edges
