// Apply a list of capture events, in list order, in one statement: one event or ten thousand
// cost one round trip and one commit. Each event's whole logic is here: the idempotency claim,
// the run-state check, alias and version resolution, the cycle check, the write, and what the
// caller gets back.
//
// Idempotency: a run's events are made in order and their ids (UUIDv7) grow with time, so
// the run keeps the id of the last event applied to it (`last_event`, set under the run's
// lock); an event whose id is not above it was applied before and changes nothing. Every path
// (job, journal, batch) applies a run's events in the order they were made.
//
// The events run one after the other inside one CALL per event, and each execution of a CALL
// subquery sees the changes of the ones before it, so a batch gives exactly the graph that
// the same events applied one by one give (version numbers in event order, aliases moved in
// order, content deduplicated within the batch, cycle checks against everything before).
// A refused event writes nothing and comes back with its status; the events after it still
// apply. Collections (projects, artifacts, registered models) are locked by a SET before their
// counters or aliases are read, so concurrent writers number versions exactly. Artifacts and
// registered models keep the current holder of each alias as a property `alias:<name>` (the
// holder's version key) beside the ALIAS / REGISTRY_ALIAS edges that keep the history, so a
// move or a resolution is one index seek however long the history is.
//
// Event kinds and their fields (besides kind, event_id, run_id, and at: the event's time as
// INTEGER nanoseconds since the epoch, UTC):
//   run_started     project, name (null: generated as `words`-<number>), words, job_type,
//                   config (JSON text), config_values (MAP: `config.<key>` -> scalar, see
//                   graphlineage/core/searchable.py), tags, notes, host, git_commit, group
//   artifact_used   artifact ("project/name"), index (INTEGER or null), alias (or null),
//                   as_of (INTEGER nanoseconds or null: the alias's current holder),
//                   requested, type
//   artifact_logged artifact, project, name, type, description, digest, size, file_count,
//                   manifest (JSON text), metadata (JSON text), aliases (LIST<STRING>)
//   artifact_linked version_key (or null), artifact and digest (when version_key is null),
//                   model, aliases
//   run_finished    status, exit_code, summary (JSON text), summary_values (MAP)
//   run_updated     config, config_values, summary, summary_values (each null: unchanged;
//                   the values replace every `config.*` / `summary.*` property), add_tags,
//                   remove_tags (removed first, then added; order kept), resumed (BOOLEAN:
//                   init(resume=...) made the run running again: ended_at, exit_code
//                   cleared); applies to a run in any state
// A deleted version (a tombstone) is neither used nor linked: unresolved, version_missing.
// Statuses: ok, replayed (applied before: nothing written), run_missing, run_not_running,
// name_taken, unresolved, type_mismatch, artifact_type, cycle, version_missing.
//
// Mode: write
// Parameters:
//   $events  :: LIST<MAP>  the events, as described above
//   $answers :: BOOLEAN  false: return only index, status and detail (bulk loads)
//   $locks   :: MAP  {projects, artifacts, models: sorted names/keys the batch writes to}:
//               locked first, in one global order, so concurrent batches cannot deadlock
// Returns:
//   index    :: INTEGER  the event's position in $events
//   status   :: STRING  ok, replayed or the reason it was refused
//   detail   :: MAP  what a refusal message needs (run status, choices, version key, ...)
//   run      :: MAP?  the event's run after the event (null if it does not exist)
//   version  :: MAP  the version used, logged or linked, with aliases and registry links
//   registry :: MAP  for artifact_linked: {model, version, index, linked_at, run_id,
//               artifact_version, aliases}
CALL () {
  // Lock what the batch will write to, in one order for every writer (projects, artifacts,
  // registered models, each sorted): two batches of different writers then never hold each
  // other's next lock. Setting a property to its own value takes the lock, changes nothing.
  MATCH (p:Project) WHERE p.name IN $locks.projects
  WITH p ORDER BY p.name
  SET p.run_count = p.run_count
}
CALL () {
  MATCH (a:Artifact) WHERE a.key IN $locks.artifacts
  WITH a ORDER BY a.key
  SET a.version_count = a.version_count
}
CALL () {
  MATCH (m:RegisteredModel) WHERE m.name IN $locks.models
  WITH m ORDER BY m.name
  SET m.version_count = m.version_count
}
UNWIND range(0, size($events) - 1) AS index
CALL (index) {
  WITH $events[index] AS sent
  // times travel as nanoseconds since the epoch: far cheaper for the driver than DATETIME
  WITH sent {.*,
    at: datetime({epochSeconds: sent.at / 1000000000, nanosecond: sent.at % 1000000000}),
    as_of: CASE WHEN sent.as_of IS NULL THEN null ELSE
      datetime({epochSeconds: sent.as_of / 1000000000, nanosecond: sent.as_of % 1000000000})
    END} AS event
  OPTIONAL MATCH (run:Run {id: event.run_id})
  CALL (run) {
    WITH run WHERE run IS NOT NULL
    SET run.last_event = run.last_event  // lock the run: the reads below are then current
  }
  WITH event, run,
    CASE
      WHEN run IS NOT NULL AND (event.kind = 'run_started' OR event.event_id <= run.last_event)
        THEN 'replayed'
      WHEN event.kind = 'run_started' THEN 'ok'
      WHEN run IS NULL THEN 'run_missing'
      WHEN NOT event.kind IN ['run_finished', 'run_updated'] AND run.status <> 'running'
        THEN 'run_not_running'
      ELSE 'ok'
    END AS checked
  CALL (event, run, checked) {
    // -- run_started ----------------------------------------------------------------------
    WITH event, checked WHERE event.kind = 'run_started'
    OPTIONAL MATCH (taken:Run {project: event.project, name: event.name})
    WITH event, CASE WHEN checked = 'ok' AND taken IS NOT NULL THEN 'name_taken' ELSE checked END AS status
    CALL (event, status) {
      WITH event WHERE status = 'ok'
      MERGE (p:Project {name: event.project})
        ON CREATE SET p.created_at = event.at, p.run_count = 0
      SET p.updated_at = event.at
      WITH event, p
      SET p.run_count = p.run_count + 1
      WITH event, p.run_count AS number, event.words + '-' + toString(p.run_count) AS generated
      OPTIONAL MATCH (clash:Run {project: event.project, name: generated})
      CREATE (created:Run {
        id: event.run_id, project: event.project, number: number,
        name: CASE WHEN event.name IS NOT NULL THEN event.name
                   WHEN clash IS NULL THEN generated
                   ELSE generated + '-' + right(event.run_id, 6) END,
        job_type: event.job_type, config: event.config, tags: event.tags, notes: event.notes,
        host: event.host, git_commit: event.git_commit, group: event.group, started_at: event.at,
        status: 'running', summary: '{}', last_event: event.event_id
      })
      SET created += coalesce(event.config_values, {})
    }
    RETURN status, {name: event.name, project: event.project} AS detail,
           null AS version_key, null AS model

    UNION ALL
    // -- artifact_used --------------------------------------------------------------------
    WITH event, run, checked WHERE event.kind = 'artifact_used'
    OPTIONAL CALL (event) {
      OPTIONAL MATCH (numbered:ArtifactVersion {key: event.artifact + ':v' + toString(event.index)})
      OPTIONAL MATCH (a:Artifact {key: event.artifact}) WHERE event.alias IS NOT NULL
      // the current holder: found by the artifact's `alias:<name>` pointer in one seek (an
      // artifact written before pointers existed: by its ALIAS edges)
      OPTIONAL MATCH (pointed:ArtifactVersion {key: a['alias:' + event.alias]})
      OPTIONAL MATCH (a)-[fast:ALIAS]->(pointed)
        WHERE fast.name = event.alias AND fast.until IS NULL
      OPTIONAL MATCH (a)-[slow:ALIAS {name: event.alias}]->(scanned:ArtifactVersion)
        WHERE a['alias:' + event.alias] IS NULL AND slow.until IS NULL
      WITH event, a, numbered, coalesce(fast, slow) AS held, CASE WHEN fast IS NULL THEN scanned ELSE pointed END AS holder
      WITH event, a, numbered,
           CASE WHEN event.as_of IS NULL OR held.since <= event.as_of THEN holder END AS current
      // as of a time before the alias last moved: its history
      OPTIONAL CALL (event, a, numbered, current) {
        WITH event, a WHERE numbered IS NULL AND current IS NULL AND event.as_of IS NOT NULL
        MATCH (a)-[al:ALIAS {name: event.alias}]->(past:ArtifactVersion)
        WHERE al.since <= event.as_of AND al.until > event.as_of
        RETURN past
        LIMIT 1
      }
      RETURN coalesce(numbered, current, past) AS version
      LIMIT 1
    }
    WITH event, run, version,
      CASE
        WHEN checked <> 'ok' THEN checked
        WHEN version IS NULL OR version.deleted_at IS NOT NULL THEN 'unresolved'
        WHEN event.type IS NOT NULL AND version.type <> event.type THEN 'type_mismatch'
        WHEN EXISTS {
          MATCH ANY SHORTEST (run)-[:PRODUCED]->(:ArtifactVersion)
                ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
                (version)
        } THEN 'cycle'
        ELSE 'ok'
      END AS status
    OPTIONAL CALL (event, run, version, status) {
      WITH event, run, version WHERE status = 'ok'
      // the version's lock (the USED edge takes it anyway), then a second look: a delete
      // that committed while this event waited for the lock wins, and nothing is written
      SET version.using = true
      REMOVE version.using
      WITH event, run, version WHERE version.deleted_at IS NULL
      MERGE (run)-[u:USED]->(version)
        ON CREATE SET u.at = event.at, u.requested = [event.requested]
        ON MATCH SET u.requested = CASE
          WHEN event.requested IN u.requested THEN u.requested
          ELSE u.requested + event.requested
        END
      SET run.last_event = event.event_id
      RETURN true AS wrote
    }
    WITH event, run, version,
         CASE WHEN status = 'ok' AND wrote IS NULL THEN 'unresolved' ELSE status END AS status
    OPTIONAL CALL (event, run, version, status) {
      WITH event, run, version WHERE status = 'replayed'
      MATCH (run)-[u:USED]->(before:ArtifactVersion)
      WHERE event.requested IN u.requested AND before.artifact = event.artifact
      RETURN before.key AS replayed_key
      LIMIT 1
    }
    OPTIONAL CALL (event, status) {
      WITH event WHERE status = 'unresolved'
      OPTIONAL MATCH (a:Artifact {key: event.artifact})
      RETURN {
        exists: a IS NOT NULL, version_count: a.version_count,
        aliases: COLLECT { MATCH (a)-[al:ALIAS]->() WHERE al.until IS NULL RETURN DISTINCT al.name ORDER BY al.name },
        names: COLLECT { MATCH (o:Artifact {project: event.project}) RETURN o.name ORDER BY o.name LIMIT 50 }
      } AS choices
    }
    RETURN status,
           {choices: choices, version_key: version.key, type: version.type,
            run_name: run.name, run_project: run.project, run_status: run.status} AS detail,
           CASE WHEN status = 'replayed' THEN replayed_key ELSE version.key END AS version_key,
           null AS model

    UNION ALL
    // -- artifact_logged ------------------------------------------------------------------
    WITH event, run, checked WHERE event.kind = 'artifact_logged'
    OPTIONAL MATCH (collection:Artifact {key: event.artifact})
    OPTIONAL MATCH (same:ArtifactVersion {artifact: event.artifact, digest: event.digest})
    WITH event, run, collection, same,
      CASE
        WHEN checked <> 'ok' THEN checked
        WHEN collection IS NOT NULL AND collection.type <> event.type THEN 'artifact_type'
        WHEN same IS NOT NULL AND EXISTS {
          MATCH ANY SHORTEST (same)
                ((:ArtifactVersion)<-[:USED]-(:Run)-[:PRODUCED]->(:ArtifactVersion))*
                (:ArtifactVersion)<-[:USED]-(run)
        } THEN 'cycle'
        ELSE 'ok'
      END AS status
    CALL (event, run, status) {
      WITH event, run WHERE status = 'ok'
      MERGE (a:Artifact {key: event.artifact})
        ON CREATE SET a.project = event.project, a.name = event.name, a.type = event.type,
                      a.description = event.description, a.version_count = 0,
                      a.created_at = event.at
      SET a.updated_at = event.at
      WITH event, run, a
      OPTIONAL MATCH (existing:ArtifactVersion {artifact: event.artifact, digest: event.digest})
      CALL (event, run, a, existing) {
        WITH existing WHERE existing IS NOT NULL
        RETURN existing AS v, [] AS names
        UNION ALL
        WITH event, run, a, existing WHERE existing IS NULL
        SET a.version_count = a.version_count + 1
        WITH event, run, a, a.version_count - 1 AS number
        CREATE (a)-[:HAS_VERSION]->(v:ArtifactVersion {
          key: a.key + ':v' + toString(number), artifact: a.key, project: a.project,
          name: a.name, type: a.type, version: 'v' + toString(number), index: number,
          digest: event.digest, size: event.size, file_count: event.file_count,
          manifest: event.manifest, metadata: event.metadata, description: event.description,
          created_at: event.at, created_by: run.id
        })
        RETURN v, ['latest'] AS names
      }
      WITH event, run, a, v, names + event.aliases AS names
      MERGE (run)-[p:PRODUCED]->(v)
        ON CREATE SET p.at = event.at, p.first = (v.created_by = run.id)
      WITH event, a, v, names
      CALL (event, a, v, names) {
        UNWIND range(0, size(names) - 1) AS position
        WITH event, a, v, names[position] AS alias
        WHERE NOT alias IN names[0..position]
        CALL (event, a, v, alias) {
          OPTIONAL MATCH (pointed:ArtifactVersion {key: a['alias:' + alias]})
          OPTIONAL MATCH (a)-[fast:ALIAS]->(pointed)
            WHERE fast.name = alias AND fast.until IS NULL
          OPTIONAL MATCH (a)-[slow:ALIAS {name: alias}]->(scanned:ArtifactVersion)
            WHERE a['alias:' + alias] IS NULL AND slow.until IS NULL
          WITH event, a, v, alias, coalesce(fast, slow) AS current,
               CASE WHEN fast IS NULL THEN scanned ELSE pointed END AS holder
          WHERE holder IS NULL OR holder <> v
          SET current.until = event.at, a['alias:' + alias] = v.key
          CREATE (a)-[:ALIAS {name: alias, since: event.at}]->(v)
        }
      }
      SET run.last_event = event.event_id
    }
    OPTIONAL MATCH (logged:ArtifactVersion {artifact: event.artifact, digest: event.digest})
    RETURN status,
           {type: collection.type, version_key: same.key,
            run_name: run.name, run_project: run.project, run_status: run.status} AS detail,
           logged.key AS version_key, null AS model

    UNION ALL
    // -- artifact_linked ------------------------------------------------------------------
    WITH event, run, checked WHERE event.kind = 'artifact_linked'
    OPTIONAL MATCH (by_key:ArtifactVersion {key: event.version_key})
    OPTIONAL MATCH (by_digest:ArtifactVersion {artifact: event.artifact, digest: event.digest})
    WITH event, run, coalesce(by_key, by_digest) AS v
    WITH event, run, v,
      CASE WHEN checked <> 'ok' THEN checked
           WHEN v IS NULL OR v.deleted_at IS NOT NULL THEN 'version_missing' ELSE 'ok' END AS status
    CALL (event, run, v, status) {
      WITH event, run, v WHERE status = 'ok'
      MERGE (m:RegisteredModel {name: event.model})
        ON CREATE SET m.version_count = 0, m.created_at = event.at
      SET m.updated_at = event.at
      WITH event, run, v, m
      OPTIONAL MATCH (v)-[existing:LINKED_TO]->(m)
      CALL (event, run, v, m, existing) {
        WITH event, run, v, m WHERE existing IS NULL
        SET m.version_count = m.version_count + 1
        WITH event, run, v, m, m.version_count - 1 AS number
        CREATE (v)-[:LINKED_TO {version: 'v' + toString(number), index: number,
                                at: event.at, run_id: run.id}]->(m)
      }
      WITH event, v, m, event.aliases + CASE WHEN existing IS NULL THEN ['latest'] ELSE [] END AS names
      CALL (event, v, m, names) {
        UNWIND range(0, size(names) - 1) AS position
        WITH event, v, m, names[position] AS alias
        WHERE NOT alias IN names[0..position]
        CALL (event, v, m, alias) {
          OPTIONAL MATCH (pointed:ArtifactVersion {key: m['alias:' + alias]})
          OPTIONAL MATCH (m)-[fast:REGISTRY_ALIAS]->(pointed)
            WHERE fast.name = alias AND fast.until IS NULL
          OPTIONAL MATCH (m)-[slow:REGISTRY_ALIAS {name: alias}]->(scanned:ArtifactVersion)
            WHERE m['alias:' + alias] IS NULL AND slow.until IS NULL
          WITH event, v, m, alias, coalesce(fast, slow) AS current,
               CASE WHEN fast IS NULL THEN scanned ELSE pointed END AS holder
          WHERE holder IS NULL OR holder <> v
          SET current.until = event.at, m['alias:' + alias] = v.key
          CREATE (m)-[:REGISTRY_ALIAS {name: alias, since: event.at}]->(v)
        }
      }
      SET run.last_event = event.event_id
    }
    RETURN status,
           {version_key: event.version_key, artifact: event.artifact, digest: event.digest,
            run_name: run.name, run_project: run.project, run_status: run.status} AS detail,
           v.key AS version_key, event.model AS model

    UNION ALL
    // -- run_finished ---------------------------------------------------------------------
    WITH event, run, checked WHERE event.kind = 'run_finished'
    CALL (event, run, checked) {
      WITH event, run WHERE checked = 'ok'
      SET run.status = event.status, run.exit_code = event.exit_code,
          run.ended_at = event.at, run.summary = event.summary,
          run.last_event = event.event_id
      WITH event, run
      FOREACH (key IN [k IN keys(run) WHERE k STARTS WITH 'summary.'] | SET run[key] = null)
      SET run += coalesce(event.summary_values, {})
    }
    RETURN checked AS status, {} AS detail, null AS version_key, null AS model

    UNION ALL
    // -- run_updated ----------------------------------------------------------------------
    WITH event, run, checked WHERE event.kind = 'run_updated'
    CALL (event, run, checked) {
      WITH event, run WHERE checked = 'ok'
      FOREACH (key IN CASE WHEN event.config IS NULL THEN [] ELSE
                        [k IN keys(run) WHERE k STARTS WITH 'config.'] END | SET run[key] = null)
      FOREACH (key IN CASE WHEN event.summary IS NULL THEN [] ELSE
                        [k IN keys(run) WHERE k STARTS WITH 'summary.'] END | SET run[key] = null)
      SET run += coalesce(event.config_values, {}), run += coalesce(event.summary_values, {}),
          run.config = coalesce(event.config, run.config),
          run.summary = coalesce(event.summary, run.summary),
          run.last_event = event.event_id
      WITH event, run, [t IN coalesce(run.tags, []) WHERE NOT t IN event.remove_tags] AS kept
      SET run.tags = kept + [t IN event.add_tags WHERE NOT t IN kept]
      WITH event, run WHERE event.resumed
      SET run.status = 'running', run.ended_at = null, run.exit_code = null
    }
    RETURN checked AS status, {} AS detail, null AS version_key, null AS model
  }
  CALL (event, version_key, model) {
    WITH event, version_key, model WHERE $answers
    OPTIONAL MATCH (after:Run {id: event.run_id})
    OPTIONAL MATCH (v:ArtifactVersion {key: version_key})
    OPTIONAL MATCH (v)-[l:LINKED_TO]->(m:RegisteredModel {name: model})
    RETURN after {.*} AS run_answer,
      v {.*,
        aliases: COLLECT { MATCH (:Artifact)-[c:ALIAS]->(v) WHERE c.until IS NULL RETURN c.name ORDER BY c.name },
        registry: COLLECT {
          MATCH (v)-[rl:LINKED_TO]->(rm:RegisteredModel)
          RETURN {model: rm.name, version: rl.version,
                  aliases: COLLECT { MATCH (rm)-[ra:REGISTRY_ALIAS]->(v) WHERE ra.until IS NULL RETURN ra.name ORDER BY ra.name }}
          ORDER BY rm.name
        }
      } AS version_answer,
      CASE WHEN l IS NULL THEN null ELSE {
        model: m.name, version: l.version, index: l.index, linked_at: l.at, run_id: l.run_id,
        artifact_version: v.key,
        aliases: COLLECT { MATCH (m)-[ra:REGISTRY_ALIAS]->(v) WHERE ra.until IS NULL RETURN ra.name ORDER BY ra.name }
      } END AS registry_answer
    UNION ALL
    WITH event WHERE NOT $answers
    RETURN null AS run_answer, null AS version_answer, null AS registry_answer
  }
  RETURN status, CASE WHEN status IN ['ok', 'replayed'] THEN null ELSE detail END AS detail,
         run_answer AS run, version_answer AS version,
         registry_answer AS registry
}
RETURN index, status, detail, run, version, registry
