// The lineage edges (USED, PRODUCED, LINKED_TO) between nodes of a given set, for drawing.
//
// Mode: read
// Parameters:
//   $element_ids :: LIST<STRING>  elementIds of the nodes
//   $as_of       :: DATETIME  only edges made by then (a time later than anything stored
//                   for now)
// Returns:
//   source :: STRING  elementId of the edge's start node
//   type   :: STRING  USED, PRODUCED or LINKED_TO
//   target :: STRING  elementId of the edge's end node
MATCH (a)-[e:USED|PRODUCED|LINKED_TO]->(b)
WHERE elementId(a) IN $element_ids AND elementId(b) IN $element_ids
  AND (e.at IS NULL OR e.at <= $as_of)
RETURN elementId(a) AS source, type(e) AS type, elementId(b) AS target
ORDER BY source, type, target
