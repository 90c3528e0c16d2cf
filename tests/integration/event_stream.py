"""A generated stream of capture events that exercises every rule of the writer.

Runs in two projects, several running at once, with explicit and generated names; uses by
alias (latest, custom aliases moving, as of a past time) and by version; logs with repeated
content (digest dedup), aliases moved; registry links by key and by digest with aliases;
finishes (one twice); config, summary and tag updates (also after finish); and the events
that must be refused or skipped: a replay, a cycle (both kinds), a use of an unknown alias,
events after finish, a type mismatch, a link to a missing version, a taken explicit run
name, a run started twice.
Strings hold commas, quotes, newlines and the like, to test that they survive a CSV trip.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

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

TRICKY = ['a,b', 'say "hi"', "two\nlines", "cr\r\nlf", " padded ", "back\\slash", "semi;colon",
          "ünï ✓", '"', "", "tab\there", "|pipe|"]  # fmt: skip
TAGGABLE = [t for t in TRICKY if t.strip()]  # a tag may not be blank
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
PLUS_TWO = timezone(timedelta(hours=2))
MANIFEST = json.dumps([{"path": 'a,b "q".txt', "digest": "d1", "size": 3}])


class Stream:
    def __init__(self, seed: int = 12) -> None:
        self.rng = random.Random(seed)
        self.events: list[Event] = []
        self.tick = 0
        self.artifacts: dict[str, list[str]] = {}  # "project/name" -> digests in order
        self.types: dict[str, str] = {}
        self.running: list[tuple[str, str]] = []  # (run id, project)
        self.finished: list[str] = []
        self.expect_refused: set[str] = set()
        self.best: set[str] = set()  # artifacts that have a "best" alias

    def at(self) -> datetime:
        self.tick += 1
        moment = START + timedelta(seconds=self.tick)
        return moment.astimezone(PLUS_TWO) if self.tick % 5 == 0 else moment

    def emit(self, event: Event, refused: bool = False) -> Event:
        self.events.append(event)
        if refused:
            self.expect_refused.add(event.event_id)
        return event

    def start(self, project: str, name: str | None = None, refused: bool = False) -> str:
        run_id = f"0190c5a0-{len(self.events):04d}-7000-8000-{self.rng.randrange(16**12):012x}"
        tags = self.rng.choice([(), ("baseline",), (self.rng.choice(TAGGABLE), "x")])
        self.emit(RunStarted(run_id=run_id, project=project, name=name, at=self.at(),
                             job_type=self.rng.choice([None, "train", "eval"]),
                             config={"lr": self.rng.random(), "note": self.rng.choice(TRICKY),
                                     "opt": {"layers": self.rng.randrange(9),
                                             "names": ["a", self.rng.choice(TRICKY)]},
                                     "mixed": [1, "x"], "big": 2**70},
                             tags=tags, notes=self.rng.choice([None, *TRICKY]),
                             host=self.rng.choice([None, "gpu-1"]), git_commit=None,
                             group=self.rng.choice([None, "sweep, \"1\""])),
                  refused)  # fmt: skip
        if not refused:
            self.running.append((run_id, project))
        return run_id

    def log(self, run_id: str, project: str, name: str, kind: str = "dataset",
            repeat: bool = False, aliases: tuple[str, ...] = (), refused: bool = False) -> str:
        key = f"{project}/{name}"
        digests = self.artifacts.setdefault(key, [])
        if repeat and digests:
            digest = self.rng.choice(digests)
        else:
            digest = f"sha-{key}-{len(digests)}-{self.rng.randrange(10**6)}"
            if not refused:
                digests.append(digest)
        self.types.setdefault(key, kind)
        self.emit(ArtifactLogged(run_id=run_id, project=project, name=name, type=kind,
                                 digest=digest, size=self.rng.randrange(10**9),
                                 file_count=self.rng.randrange(1, 9), manifest=MANIFEST,
                                 metadata={"rows": self.rng.randrange(100),
                                           "why": self.rng.choice(TRICKY)},
                                 description=self.rng.choice([None, *TRICKY]),
                                 aliases=aliases, at=self.at()),
                  refused)  # fmt: skip
        return digest

    def use(self, run_id: str, project: str, name: str, selector: str, refused: bool = False,
            **extra: Any) -> Event:
        return self.emit(ArtifactUsed(run_id=run_id, project=project, name=name,
                                      selector=selector, requested=f"{name}:{selector}",
                                      at=self.at(), **extra), refused)  # fmt: skip

    def finish(self, run_id: str, status: RunState = RunState.FINISHED,
               exit_code: int | None = 0) -> None:
        self.emit(RunFinished(run_id=run_id, status=status, exit_code=exit_code,
                              summary={"acc": self.rng.random(), "text": "a,\"b\"\n"},
                              at=self.at()))  # fmt: skip
        self.running = [(r, p) for r, p in self.running if r != run_id]
        self.finished.append(run_id)

    def update(self, run_id: str, refused: bool = False, resumed: bool | None = None) -> None:
        roll = self.rng.random()
        config = ({"lr": self.rng.random(), "new": {"k": self.rng.choice(TRICKY)}}
                  if roll < 0.6 else None)  # fmt: skip
        summary = {"loss": self.rng.random(), "ok": True} if roll > 0.3 else None
        self.emit(RunUpdated(run_id=run_id, config=config, summary=summary,
                             add_tags=self.rng.choice([(), ("x",), (self.rng.choice(TAGGABLE),
                                                                    "new", "new")]),
                             remove_tags=self.rng.choice([(), ("baseline",), ("x", "gone")]),
                             resumed=self.rng.random() < 0.3 if resumed is None else resumed,
                             at=self.at()), refused)  # fmt: skip

    def random_run(self, project: str) -> None:
        named = self.rng.random() < 0.4
        run_id = self.start(project, f"job,{len(self.events)} \"x\"" if named else None)
        for _ in range(self.rng.randrange(0, 3)):
            choices = [key for key, digests in self.artifacts.items()
                       if digests and key.startswith(project + "/")]
            if not choices:
                break
            key = self.rng.choice(choices)
            name = key.split("/", 1)[1]
            count = len(self.artifacts[key])
            selector = self.rng.choice(["latest", f"v{self.rng.randrange(count)}", "best"])
            refused = selector == "best" and key not in self.best
            self.use(run_id, project, name, selector, refused=refused,
                     type=self.types[key] if self.rng.random() < 0.3 else None)  # fmt: skip
        for _ in range(self.rng.randrange(1, 3)):
            name = self.rng.choice(["data", "model", "features"])
            aliases = ("best",) if self.rng.random() < 0.3 else ()
            self.log(run_id, project, name, kind="model" if name == "model" else "dataset",
                     repeat=self.rng.random() < 0.2, aliases=aliases)
            if aliases:
                self.best.add(f"{project}/{name}")
        if self.rng.random() < 0.2 and f"{project}/model" in self.artifacts:
            model_key = f"{project}/model"
            index = self.rng.randrange(len(self.artifacts[model_key]))
            if self.rng.random() < 0.5:
                link = ArtifactLinked(run_id=run_id, version_key=f"{model_key}:v{index}",
                                      registered_model=f"Reg-{project}", at=self.at(),
                                      aliases=self.rng.choice([(), ("staging",),
                                                               ("production", "staging")]))
            else:
                link = ArtifactLinked(run_id=run_id, artifact=model_key,
                                      digest=self.artifacts[model_key][index],
                                      registered_model="Shared", at=self.at(),
                                      aliases=("production",))  # fmt: skip
            self.emit(link)
        if self.rng.random() < 0.4:
            self.update(run_id, resumed=False)
        if self.rng.random() < 0.85:
            self.finish(run_id, self.rng.choice(list(RunState)[1:]),
                        self.rng.choice([0, 1, None]))  # fmt: skip
            if self.rng.random() < 0.2:
                self.update(run_id)  # tags and summary change after finish too



def generate_stream(runs: int = 60, seed: int = 12) -> tuple[list[Event], set[str]]:
    """The events, and the ids of those the writer must refuse."""
    s = Stream(seed)
    # A fixed opening that hits every refusal and edge once.
    a = s.start("p1", "alpha")
    s.log(a, "p1", "data", aliases=("gold",))
    s.log(a, "p1", "data", repeat=True)  # same content: no new version
    b = s.start("p1")
    s.use(b, "p1", "data", "gold")
    s.log(b, "p1", "model", kind="model")
    s.use(a, "p1", "model", "latest", refused=True)  # cycle: model descends from a's output
    s.use(b, "p1", "data", "nope", refused=True)  # unknown alias
    s.use(b, "p1", "data", "v7", refused=True)  # unknown version
    s.use(b, "p1", "model", "latest", type="dataset", refused=True)  # type mismatch
    s.log(b, "p1", "data", kind="model", refused=True)  # type mismatch on log
    past = s.events[1].at  # gold as it stood when first logged
    s.log(a, "p1", "data", aliases=("gold",))  # gold moves to v1
    s.use(b, "p1", "data", "gold", resolve_as_of=past)  # resolves to v0, not v1
    data_v0 = s.artifacts["p1/data"][0]
    s.emit(ArtifactLogged(run_id=b, project="p1", name="data", type="dataset", digest=data_v0,
                          size=1, file_count=1, manifest="[]", at=s.at()),
           refused=True)  # cycle: b used data:v0 and would produce it  # fmt: skip
    s.emit(ArtifactLinked(run_id=b, version_key="p1/model:v9", registered_model="Reg-p1",
                          at=s.at()), refused=True)  # fmt: skip
    s.emit(ArtifactLinked(run_id=b, version_key="p1/model:v0", registered_model="Reg-p1",
                          aliases=("production",), at=s.at()))  # fmt: skip
    s.start("p1", "alpha", refused=True)  # explicit name taken
    # the same run started again under a new event id: a replay (a retried start)
    s.emit(s.events[0].model_copy(update={"event_id": "0190c5a0-ffff-7000-8000-000000000001"}))
    s.finish(a)
    s.finish(a, RunState.FAILED, None)  # a second finish overwrites
    s.update(a, resumed=False)  # applies after finish
    s.update("0190c5a0-dead-7000-8000-000000000000", refused=True)  # no such run
    s.log(a, "p1", "features", refused=True)  # after finish
    s.use(a, "p1", "data", "latest", refused=True)  # after finish
    s.emit(ArtifactUsed(run_id="0190c5a0-dead-7000-8000-000000000000", project="p1",
                        name="data", selector="latest", requested="data:latest", at=s.at()),
           refused=True)  # no such run  # fmt: skip
    s.emit(s.events[4])  # a replay (the same event id): skipped
    s.emit(s.events[0])  # a replayed start: skipped
    for number in range(runs):
        s.random_run("p1" if number % 3 else "p2")
    for run_id, _ in list(s.running):
        s.finish(run_id)
    return s.events, s.expect_refused
