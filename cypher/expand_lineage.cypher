// One breadth-first step: the nodes one edge upstream or downstream of a set of nodes.
// Used level by level to draw a bounded neighbourhood (subgraph) without walking the
// whole lineage of a hub.
//
// Mode: read
// Parameters:
//   $element_ids :: LIST<STRING>  elementIds of the nodes to step from
//   $direction   :: STRING  "up" (against the flow of data) or "down" (with it)
//   $limit       :: INTEGER  return at most this many neighbours
//   $as_of       :: DATETIME  only edges made by then (a time later than anything stored
//                   for now)
// Returns:
//   element_id :: STRING  the neighbour's elementId
//   node       :: MAP  the neighbour's lineage fields (names, type, status,
//                       config, metadata, times, deleted_at too, as ISO text) and `labels`
UNWIND $element_ids AS id
MATCH (a) WHERE elementId(a) = id
MATCH (a)-[e:USED|PRODUCED|LINKED_TO]-(b)
WHERE (e.at IS NULL OR e.at <= $as_of) AND CASE $direction
        WHEN 'up' THEN (e:USED AND startNode(e) = a) OR (NOT e:USED AND endNode(e) = a)
        WHEN 'down' THEN (e:USED AND endNode(e) = a) OR (NOT e:USED AND startNode(e) = a)
      END
WITH DISTINCT b
RETURN elementId(b) AS element_id, b {.id, .key, .name, .project, .version, .type, .job_type,
                                      .status, .config, .metadata, labels: labels(b), deleted_at: toString(b.deleted_at),
                                      started_at: toString(b.started_at), created_at: toString(b.created_at)} AS node
LIMIT $limit
