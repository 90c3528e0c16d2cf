// Registered models are unique by name (backs MERGE on RegisteredModel).
//
// Mode: schema
// Parameters: none
// Returns: none
CREATE CONSTRAINT registered_model_name IF NOT EXISTS
FOR (m:RegisteredModel) REQUIRE m.name IS UNIQUE
