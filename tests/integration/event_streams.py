"""Generated capture-event streams for the writer's equality tests, and a model of the graph
that predicts what the writer must answer for each event.

``generate_stream(seed, size)`` draws a long stream (seeded ``random.Random``): several
projects, many runs interleaved (each run's own events in the order made), explicit and
generated run names (an explicit name used twice), uses by alias and by index, unknown
aliases and artifacts, duplicate content, custom aliases moving, registry links (to versions
that exist and to some that do not), finishes and events after them, replays (copies of earlier
events re-inserted later), use and log cycles, and type mismatches.

``build_stream(actions)`` turns a list of small integer tuples (drawn by hypothesis) into a
short stream over a tiny alphabet, so collisions, refusals and replays are frequent.

Ids are UUIDv7-shaped and deterministic (a tick per event, random bits from the seed); event
times grow by one millisecond per event, so each run's ids grow with its events.

:class:`GraphModel` is written from the statuses documented in ``cypher/apply_events.cypher``
and is independent of the product code: applying a stream to it gives the status each event
must get, the version numbers, and who holds each alias.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphlineage.core.events import (
    ArtifactLinked,
    ArtifactLogged,
    ArtifactUsed,
    Event,
    RunFinished,
    RunStarted,
    RunState,
    RunUpdated,
)

from .event_model import REFUSALS, Clock, GraphModel

__all__ = ["REFUSALS", "GraphModel", "Stream", "build_stream", "generate_stream"]


# -- streams --------------------------------------------------------------------------------
@dataclass
class Stream:
    events: list[Event] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)  # the model's status for each event
    replays: list[int] = field(default_factory=list)  # positions of re-inserted copies
    model: GraphModel = field(default_factory=GraphModel)

    def add(self, event: Event, replay: bool = False) -> str:
        if replay:
            self.replays.append(len(self.events))
        status = self.model.apply(event)
        self.events.append(event)
        self.expected.append(status)
        return status


PROJECTS = ("vision", "nlp", "speech", "tabular")
ARTIFACTS = (("raw", "dataset"), ("clean", "dataset"), ("features", "dataset"),
             ("model", "model"), ("metrics", "eval"))  # fmt: skip
TYPES = {name: kind for name, kind in ARTIFACTS}
CUSTOM_ALIASES = ("best", "candidate", "stable", "golden")
REGISTRY = ("Vision-Classifier", "Text-Tagger", "Shared-Model")
REGISTRY_ALIASES = ("production", "staging", "champion")
JOB_TYPES = ("prep", "train", "eval", "report")


@dataclass
class _Active:
    run_id: str
    project: str


class _Generator:
    def __init__(self, seed: int, size: int, parallel: int) -> None:
        self.rng = random.Random(seed)
        self.clock = Clock(self.rng)
        self.size = size
        self.parallel = parallel
        self.stream = Stream()
        self.active: list[_Active] = []
        self.finished: list[_Active] = []
        self.explicit: dict[str, list[str]] = {p: [] for p in PROJECTS}
        self.contents = 0

    @property
    def model(self) -> GraphModel:
        return self.stream.model

    def run(self) -> Stream:
        while len(self.stream.events) < self.size:
            if len(self.active) < self.parallel or self.rng.random() < 0.02:
                self.start()
            else:
                self.step(self.rng.choice(self.active))
        return self.stream

    # -- runs ------------------------------------------------------------------------------
    def start(self) -> None:
        project = self.rng.choice(PROJECTS)
        event_id, at = self.clock.next()
        roll = self.rng.random()
        taken = self.explicit[project]
        if roll < 0.08 and taken:
            name: str | None = self.rng.choice(taken)  # the same explicit name again: refused
        elif roll < 0.4:
            name = f"exp-{project}-{self.clock.tick}"
            taken.append(name)
        else:
            name = None  # generated
        run_id = event_id  # a run's id is made with its first event
        self.stream.add(RunStarted(event_id=event_id, run_id=run_id, at=at, project=project,
                                   name=name, job_type=self.rng.choice(JOB_TYPES),
                                   config={"lr": self.rng.choice([0.1, 0.01]),
                                           "seed": self.clock.tick},
                                   group=self.rng.choice([None, "sweep-1"]),
                                   tags=("gen",), host="gen-host"))  # fmt: skip
        self.active.append(_Active(run_id, project))

    def step(self, run: _Active) -> None:
        actions = [
            (self.use_existing, 24), (self.use_unknown, 3), (self.use_wrong_type, 2),
            (self.use_cycle, 2), (self.log_new, 20), (self.log_duplicate, 8),
            (self.log_cycle, 2), (self.log_wrong_type, 2), (self.link, 7),
            (self.link_missing, 2), (self.finish, 6), (self.replay, 5),
            (self.after_finish, 2), (self.orphan, 1), (self.update, 4),
        ]  # fmt: skip
        choice = self.rng.choices([a for a, _ in actions], [w for _, w in actions])[0]
        choice(run)

    def finish(self, run: _Active) -> None:
        event_id, at = self.clock.next()
        status = self.rng.choice([RunState.FINISHED] * 6 + [RunState.FAILED, RunState.CRASHED])
        self.stream.add(RunFinished(event_id=event_id, run_id=run.run_id, at=at, status=status,
                                    exit_code=0 if status is RunState.FINISHED else 1,
                                    summary={"acc": round(self.rng.random(), 3)}))  # fmt: skip
        self.active.remove(run)
        self.finished.append(run)

    def update(self, run: _Active) -> None:
        event_id, at = self.clock.next()
        roll = self.rng.random()
        self.stream.add(RunUpdated(
            event_id=event_id, run_id=run.run_id, at=at,
            config={"lr": self.rng.choice([0.1, 0.01, 1]), "deep": {"k": self.clock.tick}}
            if roll < 0.6 else None,
            summary={"acc": round(self.rng.random(), 3)} if roll > 0.3 else None,
            add_tags=self.rng.choice([(), ("new",), ("gen", "x")]),
            remove_tags=self.rng.choice([(), ("gen",), ("x", "absent")]),
            resumed=self.rng.random() < 0.3))  # fmt: skip
        if self.stream.expected[-1] == "ok" and run in self.finished and self.stream.events[
                -1].resumed:  # type: ignore[union-attr]  # fmt: skip
            self.finished.remove(run)
            self.active.append(run)

    def after_finish(self, run: _Active) -> None:
        if self.finished:
            self.rng.choice([self.use_existing, self.log_new, self.link, self.update])(
                self.rng.choice(self.finished)
            )

    def orphan(self, run: _Active) -> None:
        """An event of a run that was never started."""
        ghost_id, _ = self.clock.next()
        self.log_new(_Active(ghost_id, run.project))

    def replay(self, run: _Active) -> None:
        if self.stream.events:
            self.stream.add(self.rng.choice(self.stream.events), replay=True)

    # -- uses ------------------------------------------------------------------------------
    def _existing(self, project: str | None = None) -> list[str]:
        return [key for key in self.model.artifacts
                if project is None or key.startswith(project + "/")]  # fmt: skip

    def _use(self, run: _Active, artifact: str, selector: str, type: str | None = None,
             as_of: str = "now") -> None:  # fmt: skip
        event_id, at = self.clock.next()
        project, name = artifact.split("/")
        resolve_as_of = None
        if as_of == "at" and selector[:1] != "v":
            resolve_as_of = at
        elif as_of == "before" and selector[:1] != "v":
            resolve_as_of = self.clock.time_of(self.rng.randrange(1, self.clock.tick))
        requested = (f"{name}:{selector}" if project == run.project
                     else f"{artifact}:{selector}")  # fmt: skip
        self.stream.add(ArtifactUsed(event_id=event_id, run_id=run.run_id, at=at,
                                     project=project, name=name, selector=selector,
                                     requested=requested, type=type,
                                     resolve_as_of=resolve_as_of))  # fmt: skip

    def use_existing(self, run: _Active) -> None:
        local = self.rng.random() < 0.75
        keys = self._existing(run.project if local else None) or self._existing()
        if not keys:
            return self.log_new(run)
        key = self.rng.choice(keys)
        art = self.model.artifacts[key]
        roll = self.rng.random()
        custom = [a for a in art.aliases if a != "latest"]
        if roll < 0.45:
            selector = "latest"
        elif roll < 0.7 and custom:
            selector = self.rng.choice(custom)
        else:
            selector = f"v{self.rng.randrange(len(art.versions))}"
        type = art.type if self.rng.random() < 0.4 else None
        as_of = self.rng.choices(["now", "at", "before"], [6, 2, 1])[0]
        self._use(run, key, selector, type, as_of)

    def use_unknown(self, run: _Active) -> None:
        keys = self._existing(run.project)
        roll = self.rng.random()
        if keys and roll < 0.4:
            self._use(run, self.rng.choice(keys), "no-such-alias")
        elif keys and roll < 0.7:
            self._use(run, self.rng.choice(keys), "v9999")
        else:
            self._use(run, f"{run.project}/ghost-artifact", "latest")

    def use_wrong_type(self, run: _Active) -> None:
        keys = self._existing()
        if not keys:
            return self.log_new(run)
        key = self.rng.choice(keys)
        wrong = "checkpoint" if self.model.artifacts[key].type != "checkpoint" else "dataset"
        self._use(run, key, "latest", wrong)

    def use_cycle(self, run: _Active) -> None:
        """Use a version that descends from the run's own outputs (or is one of them)."""
        candidates = sorted(self.model.downstream(run.run_id))
        if not candidates:
            return self.log_new(run)
        version = self.rng.choice(candidates)
        artifact, index = version.rsplit(":", 1)
        self._use(run, artifact, index)

    # -- logs ------------------------------------------------------------------------------
    def _log(self, run: _Active, name: str, type: str, digest: str,
             aliases: Sequence[str] = ()) -> None:  # fmt: skip
        event_id, at = self.clock.next()
        self.stream.add(ArtifactLogged(event_id=event_id, run_id=run.run_id, at=at,
                                       project=run.project, name=name, type=type,
                                       description=f"{name} of {run.project}",
                                       metadata={"rows": len(digest)}, digest=digest,
                                       size=len(digest) * 10, file_count=1,
                                       manifest=f'[{{"path":"{name}.bin","digest":"{digest}"}}]',
                                       aliases=tuple(aliases)))  # fmt: skip

    def _aliases(self) -> list[str]:
        roll = self.rng.random()
        if roll < 0.6:
            return []
        if roll < 0.9:
            return [self.rng.choice(CUSTOM_ALIASES)]
        return [*self.rng.sample(CUSTOM_ALIASES, 2), "latest"]

    def log_new(self, run: _Active) -> None:
        name, type = self.rng.choice(ARTIFACTS)
        self.contents += 1
        self._log(run, name, type, f"sha-{self.contents:06d}", self._aliases())

    def log_duplicate(self, run: _Active) -> None:
        """Content that an existing version of the artifact already has: deduplicated."""
        keys = self._existing(run.project)
        if not keys:
            return self.log_new(run)
        key = self.rng.choice(keys)
        art = self.model.artifacts[key]
        digest = self.rng.choice(sorted(art.by_digest))
        self._log(run, key.split("/")[1], art.type, digest, self._aliases())

    def log_cycle(self, run: _Active) -> None:
        """Log content equal to a version the run descends from."""
        mine = sorted(v for v in self.model.upstream(run.run_id)
                      if v.startswith(run.project + "/"))  # fmt: skip
        if not mine:
            return self.log_duplicate(run)
        version = self.rng.choice(mine)
        name = version.split("/")[1].split(":")[0]
        self._log(run, name, self.model.version_type[version],
                  self.model.version_digest[version])  # fmt: skip

    def log_wrong_type(self, run: _Active) -> None:
        name, type = self.rng.choice(ARTIFACTS)
        self.contents += 1
        self._log(run, name, "checkpoint" if type != "checkpoint" else "dataset",
                  f"sha-{self.contents:06d}")  # fmt: skip

    # -- links -----------------------------------------------------------------------------
    def _link(self, run: _Active, version_key: str | None = None, artifact: str | None = None,
              digest: str | None = None) -> None:  # fmt: skip
        event_id, at = self.clock.next()
        roll = self.rng.random()
        aliases = [] if roll < 0.5 else [self.rng.choice(REGISTRY_ALIASES)]
        self.stream.add(ArtifactLinked(event_id=event_id, run_id=run.run_id, at=at,
                                       version_key=version_key, artifact=artifact,
                                       digest=digest, registered_model=self.rng.choice(REGISTRY),
                                       aliases=tuple(aliases)))  # fmt: skip

    def link(self, run: _Active) -> None:
        versions = sorted(self.model.version_type)
        if not versions:
            return self.log_new(run)
        version = self.rng.choice(versions)
        if self.rng.random() < 0.8:
            self._link(run, version_key=version)
        else:
            self._link(run, artifact=version.rsplit(":", 1)[0],
                       digest=self.model.version_digest[version])  # fmt: skip

    def link_missing(self, run: _Active) -> None:
        if self.rng.random() < 0.6:
            self._link(run, version_key=f"{run.project}/model:v9999")
        else:
            self._link(run, artifact=f"{run.project}/model", digest="sha-never-logged")


def generate_stream(seed: int, size: int, parallel: int = 16) -> Stream:
    """At least ``size`` events (a few more only if the last step made several)."""
    return _Generator(seed, size, parallel).run()


# -- short streams from hypothesis actions --------------------------------------------------
SMALL_PROJECTS = ("p", "q")
SMALL_ARTIFACTS = (("a", "dataset"), ("b", "model"))
SMALL_SELECTORS = ("latest", "best", "v0", "v1", "nope")
SMALL_ALIASES = ((), ("best",), ("best", "stable"))


def build_stream(actions: Sequence[tuple[int, int, int, int]], seed: int = 0) -> Stream:
    """Each action is ``(op, slot, x, y)`` with small integers: op 0 start, 1 use, 2 log,
    3 link, 4 finish, 5 replay, 6 update (config, summary, tags). Three run slots: slots 0
    and 1 start a run (generated name) before their first other action; slot 2, and a slot
    whose start was refused (its name taken), make run_missing events until started."""
    clock = Clock(random.Random(seed))
    stream = Stream()
    slots: list[tuple[str, str]] = []
    for _ in range(3):
        run_id, _ = clock.next()
        slots.append((run_id, SMALL_PROJECTS[0]))
    fresh = {0, 1}  # slots 0 and 1 start by themselves; slot 2 only when told (run_missing)
    for op, slot_number, x, y in actions:
        slot = slot_number % 3
        op %= 7
        if slot in fresh and op != 0:
            event_id, at = clock.next()
            slots[slot] = (event_id, SMALL_PROJECTS[slot])
            stream.add(RunStarted(event_id=event_id, run_id=event_id, at=at,
                                  project=SMALL_PROJECTS[slot]))  # fmt: skip
        fresh.discard(slot)
        run_id, project = slots[slot]
        event_id, at = clock.next()
        if op == 0:
            project = SMALL_PROJECTS[x % 2]
            name = (None, None, "twin")[y % 3]
            slots[slot] = (event_id, project)
            stream.add(RunStarted(event_id=event_id, run_id=event_id, at=at, project=project,
                                  name=name))  # fmt: skip
        elif op == 1:
            art_project = SMALL_PROJECTS[(x // 2) % 2]
            name, type = SMALL_ARTIFACTS[x % 2]
            selector = SMALL_SELECTORS[y % len(SMALL_SELECTORS)]
            wanted = (None, type, "checkpoint")[(y // 5) % 3]
            as_of = at if (y // 15) % 2 and selector[:1] != "v" else None
            stream.add(ArtifactUsed(event_id=event_id, run_id=run_id, at=at,
                                    project=art_project, name=name, selector=selector,
                                    requested=f"{art_project}/{name}:{selector}", type=wanted,
                                    resolve_as_of=as_of))  # fmt: skip
        elif op == 2:
            name, type = SMALL_ARTIFACTS[x % 2]
            if (x // 2) % 4 == 3:
                type = "checkpoint"
            digest = f"c{y % 3}"
            stream.add(ArtifactLogged(event_id=event_id, run_id=run_id, at=at, project=project,
                                      name=name, type=type, digest=digest, size=1,
                                      file_count=1, manifest="[]",
                                      aliases=SMALL_ALIASES[(y // 3) % 3]))  # fmt: skip
        elif op == 3:
            name, _ = SMALL_ARTIFACTS[x % 2]
            artifact = f"{SMALL_PROJECTS[(x // 2) % 2]}/{name}"
            if y % 2:
                link = ArtifactLinked(
                    event_id=event_id,
                    run_id=run_id,
                    at=at,
                    version_key=f"{artifact}:v{(y // 2) % 3}",
                    registered_model="M",
                    aliases=SMALL_ALIASES[y % 3],
                )
            else:
                link = ArtifactLinked(
                    event_id=event_id,
                    run_id=run_id,
                    at=at,
                    artifact=artifact,
                    digest=f"c{(y // 2) % 3}",
                    registered_model="M",
                    aliases=SMALL_ALIASES[y % 3],
                )
            stream.add(link)
        elif op == 4:
            stream.add(RunFinished(event_id=event_id, run_id=run_id, at=at,
                                   status=RunState.FINISHED, exit_code=0))  # fmt: skip
        elif op == 6:
            stream.add(RunUpdated(event_id=event_id, run_id=run_id, at=at,
                                  config={"lr": x} if y % 3 else None,
                                  summary={"acc": y} if y % 2 else None,
                                  add_tags=("t",) if x % 2 else (),
                                  remove_tags=("t",) if y % 4 == 0 else (),
                                  resumed=y % 5 == 0))  # fmt: skip
        elif stream.events:
            stream.add(stream.events[(x * 7 + y) % len(stream.events)], replay=True)
    return stream
