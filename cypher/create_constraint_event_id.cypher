// Each applied capture event leaves one :Event node with its id: the idempotency claim that
// makes a replayed journal or a retried batch change nothing. Unique, so lookups are an
// index seek and two writers cannot apply the same event twice.
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT event_id IF NOT EXISTS
FOR (e:Event) REQUIRE e.id IS UNIQUE
