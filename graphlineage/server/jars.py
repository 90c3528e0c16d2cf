"""Fetch the Neo4j jars with Maven and compile the launcher, once, into a cache.

The cache lives at ``<cache_dir>/neo4j-<version>/``: ``lib/`` holds every jar of the
``org.neo4j:neo4j`` Community artifact, ``classes/`` the compiled ``Launcher``.  Both are
written to a temporary folder first and renamed into place, so an interrupted fetch never
leaves a half-filled cache behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphlineage.errors import ServerDependencyError, ServerStartError

NEO4J_VERSION = "5.26.30"
MIN_JAVA = 17

ALTERNATIVES = (
    "Alternatives: run Neo4j with Docker (`docker compose up -d --wait` in the graphlineage "
    "repository), or point GRAPHLINEAGE_NEO4J_URI (with GRAPHLINEAGE_NEO4J_USER and "
    "GRAPHLINEAGE_NEO4J_PASSWORD) at any Neo4j 5+ server or Aura instance."
)


@dataclass(frozen=True)
class Runtime:
    """What it takes to launch the local server: a java binary and a classpath."""

    java: Path
    classpath: str
    launcher_class: str = "Launcher"


def _launcher_source() -> resources.abc.Traversable:
    return resources.files("graphlineage.server") / "launcher"


def find_java() -> Path:
    """The ``java`` of ``$JAVA_HOME`` or of ``PATH``, checked to be at least Java 17."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    if candidate is None or not candidate.exists():
        found = shutil.which("java")
        candidate = Path(found) if found else None
    if candidate is None:
        raise ServerDependencyError(
            f"Java {MIN_JAVA}+ is needed to run the local Neo4j server, and none was found "
            f"(set JAVA_HOME or put `java` on PATH). {ALTERNATIVES}"
        )
    out = subprocess.run([str(candidate), "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise ServerDependencyError(f"cannot tell the version of {candidate}. {ALTERNATIVES}")
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise ServerDependencyError(
            f"{candidate} is Java {major}; the local Neo4j server needs Java {MIN_JAVA}+. "
            f"{ALTERNATIVES}"
        )
    return candidate


def _find_maven() -> str:
    found = shutil.which("mvn")
    if not found:
        raise ServerDependencyError(
            "Maven (`mvn`) is needed once, to fetch the Neo4j jars from Maven Central, and "
            f"it is not on PATH. {ALTERNATIVES}"
        )
    return found


def _fetch_jars(target: Path) -> None:
    maven = _find_maven()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lib-", dir=target.parent))
    with resources.as_file(_launcher_source() / "pom.xml") as pom:
        proc = subprocess.run(
            [
                maven, "-q", "-B", "-f", str(pom),
                f"-Dneo4j.version={NEO4J_VERSION}",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={staging}",
                "-DincludeScope=runtime",
            ],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    if proc.returncode != 0 or not any(staging.glob("neo4j-kernel-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise ServerStartError(
            f"Maven could not fetch org.neo4j:neo4j:{NEO4J_VERSION}:\n{tail}\n{ALTERNATIVES}"
        )
    try:
        staging.rename(target)
    except OSError:  # another process finished first: keep its copy
        shutil.rmtree(staging, ignore_errors=True)


def _compile_launcher(java: Path, lib: Path, classes: Path) -> None:
    javac = java.parent / "javac"
    source = _launcher_source() / "Launcher.java"
    if not javac.exists():
        raise ServerDependencyError(
            f"`javac` is missing next to {java}: a JDK (not only a JRE) {MIN_JAVA}+ is needed "
            f"once to build the launcher. {ALTERNATIVES}"
        )
    staging = Path(tempfile.mkdtemp(prefix=".classes-", dir=classes.parent))
    with resources.as_file(source) as src:
        proc = subprocess.run(
            [str(javac), "-d", str(staging), "-cp", str(lib / "*"), str(src)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise ServerStartError(f"could not compile the launcher:\n{proc.stderr.strip()}")
    try:
        staging.rename(classes)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)


def ensure_runtime(cache_dir: Path) -> Runtime:
    """Java, the Neo4j jars and the compiled launcher, fetching/compiling what is missing."""
    java = find_java()
    base = cache_dir / f"neo4j-{NEO4J_VERSION}"
    lib = base / "lib"
    if not lib.is_dir():
        _fetch_jars(lib)
    source_hash = hashlib.sha256((_launcher_source() / "Launcher.java").read_bytes()).hexdigest()[
        :12
    ]
    classes = base / f"classes-{source_hash}"
    if not (classes / "Launcher.class").exists():
        _compile_launcher(java, lib, classes)
    return Runtime(java=java, classpath=f"{classes}{os.pathsep}{lib / '*'}")
