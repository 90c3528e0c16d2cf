"""The wheel carries the query library and the launcher: install it, run from elsewhere."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_installed_wheel_finds_its_queries_and_launcher(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    (wheel,) = wheels.glob("graphlineage-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import graphlineage, graphlineage.graph.library as l;"
        "from importlib import resources;"
        "print(l.cypher_dir());"
        "print(len(l.LIBRARY));"
        "print((resources.files('graphlineage.server') / 'launcher' / 'Launcher.java').is_file())"
    )
    out = subprocess.run(
        [str(python), "-c", probe], cwd=elsewhere, capture_output=True, text=True, check=True
    ).stdout.split()
    assert str(env_dir) in out[0] and "site-packages" in out[0]
    assert int(out[1]) == len(list((ROOT / "cypher").glob("*.cypher")))
    assert out[2] == "True"
    version = subprocess.run(
        [str(env_dir / "bin" / "graphlineage"), "--version"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "0.1.0" in version
