// Column ancestry: every column upstream of one column (the columns it is derived from,
// across any number of hops), each with its distance (fewest FEEDS edges), nearest first.
// The quantified pattern is planned as a pruning breadth-first search (each column reached
// once), as in list_upstream_nodes. No row when the column does not exist.
//
// Mode: read
// Parameters:
//   $key       :: STRING  the start column's key "project/name#field"
//   $max_depth :: INTEGER  keep columns at most this many edges away
//   $skip      :: INTEGER  columns to skip from the start of the ordered answer (paging)
//   $limit     :: INTEGER  return at most this many columns
// Returns:
//   root  :: MAP  the start column {key, dataset, field, ol_namespace, ol_name}
//   total :: INTEGER  how many columns the whole answer has (before skip and limit)
//   nodes :: LIST<MAP>  this page's columns {key, dataset, field, ol_namespace, ol_name,
//                       distance}
//   edges :: LIST<MAP>  {source, target (column keys), types, description, run}: the FEEDS edges out of this page's columns into the answer (or the
//                         start)
CYPHER replan=skip
MATCH (s:Column {key: $key})
CALL (s) {
  MATCH p = (s)<-[:FEEDS]-+(x:Column)
  WITH x, min(length(p)) AS distance
  WHERE x <> s AND distance <= $max_depth
  WITH x, distance
  ORDER BY distance, x.key
  RETURN collect({node: x, distance: distance}) AS found
}
WITH s, found, found[$skip..$skip + $limit] AS page
WITH s, found, page, [f IN found | f.node] + [s] AS members
RETURN s {.key, .dataset, .field, .ol_namespace, .ol_name} AS root,
       size(found) AS total,
       [f IN page | {key: f.node.key, dataset: f.node.dataset, field: f.node.field,
                     ol_namespace: f.node.ol_namespace, ol_name: f.node.ol_name,
                     distance: f.distance}] AS nodes,
       COLLECT {
         UNWIND [f IN page | f.node] AS x
         MATCH (x)-[e:FEEDS]->(y:Column) WHERE y IN members
         RETURN {source: startNode(e).key, target: endNode(e).key, types: e.types,
                 description: e.description, run: e.run} AS edge
         ORDER BY edge.source, edge.target
       } AS edges
