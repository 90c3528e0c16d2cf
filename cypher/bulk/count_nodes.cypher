// How many nodes the database holds (from the count store: no scan). An initial bulk
// import refuses a database that holds any.
//
// Mode: read
// Parameters: none
// Returns:
//   nodes :: INTEGER  the number of nodes
MATCH (n)
RETURN count(n) AS nodes
