// Apply a list of OpenLineage events (RunEvents, JobEvents, DatasetEvents), in list order, in
// one statement (see graphlineage/ingest/openlineage.py for the mapping). A DatasetEvent
// has no run (`run.id` null): its dataset only gets its facets. For each event: the run is
// created on the first event seen (whatever its type), keeps the earliest event time as its
// start, and a terminal event (COMPLETE, FAIL, ABORT) sets the final status even if START
// arrives later; the parent-run facet links CHILD_OF to the parent (a placeholder with
// status "unknown" until its own events arrive); each dataset, in order, is resolved or made a version and
// joined to the run by USED (inputs) or PRODUCED (outputs). An input without a version
// facet is the version that was `latest` at the event time, if there is one. Replaying the
// same events changes nothing. An event naming a dataset whose artifact exists with another
// type than "dataset" is refused and writes nothing. Each dataset's artifact keeps its
// OpenLineage namespace and name and its facet properties (`artifact_props`), and the
// version it resolves to gets the version's facet properties (`version_props`); a property
// that is not sent is left as it was.
//
// Mode: write
// Parameters:
//   $events :: LIST<MAP>  {run: {id (null for a DatasetEvent: then only `at` is read),
//                          project, name, job_type, namespace, job, producer,
//                          at (INTEGER nanoseconds since the epoch: the event time),
//                          status ("running", "finished", "failed", "crashed",
//                          "declared" or null), terminal (BOOLEAN),
//                          run_facets, job_facets (JSON text or null)},
//                          parent: {parent (run id), project, name, job_type, namespace, job}
//                          or null,
//                          datasets: [{role ("input", "output" or "declared": no
//                          edge), key ("project/name"), project, name, digest, latest
//                          (BOOLEAN: resolve `latest` at the event time first), requested,
//                          metadata (JSON text), created_by (run id or null),
//                          artifact_props (MAP: ol_namespace, ol_name, ... to SET on the
//                          artifact), version_props (MAP: to SET on the version)}]}
// Returns:
//   index  :: INTEGER  the event's position in $events
//   status :: STRING  ok, or artifact_type (refused: nothing written)
//   detail :: STRING  for artifact_type, the artifact's key
UNWIND range(0, size($events) - 1) AS index
CALL (index) {
  WITH $events[index] AS event
  OPTIONAL CALL (event) {
    UNWIND event.datasets AS d
    MATCH (a:Artifact {key: d.key}) WHERE a.type <> 'dataset'
    RETURN a.key AS mistyped
    LIMIT 1
  }
  WITH event, event.run AS sent, mistyped
  WITH event, mistyped, sent {.*,
    at: datetime({epochSeconds: sent.at / 1000000000, nanosecond: sent.at % 1000000000})
  } AS spec
  CALL (event, spec, mistyped) {
    WITH event, spec WHERE mistyped IS NULL
    OPTIONAL CALL (spec) {
      WITH spec WHERE spec.id IS NOT NULL
      MERGE (p:Project {name: spec.project})
        ON CREATE SET p.created_at = spec.at, p.run_count = 0
      MERGE (r:Run {id: spec.id})
        ON CREATE SET r.project = spec.project, r.name = spec.name, r.job_type = spec.job_type,
                      r.config = '{}', r.summary = '{}', r.tags = [], r.source = 'openlineage',
                      r.status = coalesce(spec.status, 'running'), r.started_at = spec.at
      SET r.ol_namespace = spec.namespace, r.ol_job = spec.job, r.ol_producer = spec.producer,
          r.source = 'openlineage',
          r.ol_run_facets = coalesce(spec.run_facets, r.ol_run_facets),
          r.ol_job_facets = coalesce(spec.job_facets, r.ol_job_facets),
          r.started_at = CASE WHEN r.started_at IS NULL OR spec.at < r.started_at THEN spec.at
                              ELSE r.started_at END,
          r.status = CASE
            WHEN spec.status IS NULL THEN coalesce(r.status, 'running')
            WHEN spec.terminal THEN spec.status
            WHEN r.status IN ['finished', 'failed', 'crashed'] THEN r.status
            ELSE spec.status
          END,
          r.ended_at = CASE WHEN spec.terminal THEN spec.at ELSE r.ended_at END
      RETURN r
    }
    WITH event, spec, r
    CALL (event, r) {
      WITH event.parent AS link, r WHERE link IS NOT NULL AND r IS NOT NULL
      MERGE (parent:Run {id: link.parent})
        ON CREATE SET parent.project = link.project, parent.name = link.name,
                      parent.job_type = link.job_type, parent.ol_namespace = link.namespace,
                      parent.ol_job = link.job, parent.status = 'unknown', parent.config = '{}',
                      parent.summary = '{}', parent.tags = [], parent.source = 'openlineage'
      MERGE (r)-[:CHILD_OF]->(parent)
    }
    CALL (event, spec, r) {
      UNWIND event.datasets AS d
      CALL (spec, r, d) {
        OPTIONAL MATCH (known:Artifact {key: d.key}) WHERE d.latest
        OPTIONAL MATCH (pointed:ArtifactVersion {key: known.`alias:latest`})
        OPTIONAL MATCH (known)-[held:ALIAS]->(pointed)
          WHERE held.name = 'latest' AND held.until IS NULL AND held.since <= spec.at
        WITH spec, r, d, known, CASE WHEN held IS NULL THEN null ELSE pointed END AS holder
        OPTIONAL CALL (spec, known, holder) {  // `latest` as it was before it last moved
          WITH spec, known WHERE known IS NOT NULL AND holder IS NULL
          MATCH (known)-[al:ALIAS {name: 'latest'}]->(past:ArtifactVersion)
          WHERE al.since <= spec.at AND (al.until IS NULL OR al.until > spec.at)
          RETURN past
          LIMIT 1
        }
        WITH spec, r, d, coalesce(holder, past) AS found
        CALL (spec, d, found) {
          WITH found WHERE found IS NOT NULL
          RETURN found AS v
          UNION ALL
          WITH spec, d, found WHERE found IS NULL
          MERGE (a:Artifact {key: d.key})
            ON CREATE SET a.project = d.project, a.name = d.name, a.type = 'dataset',
                          a.description = null, a.version_count = 0, a.created_at = spec.at
          SET a.updated_at = spec.at
          WITH spec, d, a
          OPTIONAL MATCH (existing:ArtifactVersion {artifact: d.key, digest: d.digest})
          CALL (spec, d, a, existing) {
            WITH existing WHERE existing IS NOT NULL
            RETURN existing AS v
            UNION ALL
            WITH spec, d, a, existing WHERE existing IS NULL
            SET a.version_count = a.version_count + 1
            WITH spec, d, a, a.version_count - 1 AS number
            CREATE (a)-[:HAS_VERSION]->(v:ArtifactVersion {
              key: a.key + ':v' + toString(number), artifact: a.key, project: a.project,
              name: a.name, type: a.type, version: 'v' + toString(number), index: number,
              digest: d.digest, size: 0, file_count: 0, manifest: '[]', metadata: d.metadata,
              description: null, created_at: spec.at, created_by: d.created_by
            })
            WITH spec, a, v
            OPTIONAL MATCH (pointed:ArtifactVersion {key: a.`alias:latest`})
            OPTIONAL MATCH (a)-[fast:ALIAS]->(pointed)
              WHERE fast.name = 'latest' AND fast.until IS NULL
            OPTIONAL MATCH (a)-[slow:ALIAS {name: 'latest'}]->(:ArtifactVersion)
              WHERE a.`alias:latest` IS NULL AND slow.until IS NULL
            WITH spec, a, v, coalesce(fast, slow) AS current
            SET current.until = spec.at, a.`alias:latest` = v.key
            CREATE (a)-[:ALIAS {name: 'latest', since: spec.at}]->(v)
            RETURN v
          }
          RETURN v
        }
        MATCH (owner:Artifact {key: v.artifact})
        SET owner += d.artifact_props, v += d.version_props
        WITH spec, r, d, v
        CALL (spec, r, d, v) {
          WITH spec, r, d, v WHERE d.role = 'input' AND r IS NOT NULL
          MERGE (r)-[u:USED]->(v)
            ON CREATE SET u.at = spec.at, u.requested = [d.requested]
            ON MATCH SET u.requested = CASE
              WHEN d.requested IN u.requested THEN u.requested
              ELSE u.requested + d.requested
            END
        }
        CALL (spec, r, d, v) {
          WITH spec, r, d, v WHERE d.role = 'output' AND r IS NOT NULL
          MERGE (r)-[p:PRODUCED]->(v)
            ON CREATE SET p.at = spec.at, p.first = (v.created_by = r.id)
        }
      }
    }
  }
  RETURN CASE WHEN mistyped IS NULL THEN 'ok' ELSE 'artifact_type' END AS status,
         mistyped AS detail
}
RETURN index, status, detail
