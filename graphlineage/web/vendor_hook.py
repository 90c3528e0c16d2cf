"""Build hook (hatchling): fetch the front-end libraries named in ``vendor.json`` from the
npm registry into ``graphlineage/web/static/vendor/``, checked against their integrity
hashes. Runs for wheels and editable installs; files already there and intact are kept.
Also usable by hand: ``python graphlineage/web/vendor_hook.py``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
MANIFEST = HERE / "vendor.json"
TARGET = HERE / "static" / "vendor"


def _integrity_ok(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def fetch_vendor(target: Path = TARGET) -> list[Path]:
    """Download what is missing; return the vendored files."""
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text())
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for name, entry in manifest.items():
        if name.startswith("_"):
            continue
        path = target / f"{name}-{entry['version']}.min.js"
        files.append(path)
        if path.exists() and path.stat().st_size > 0:
            continue
        with urllib.request.urlopen(entry["tarball"], timeout=120) as response:  # noqa: S310
            tarball = response.read()
        if not _integrity_ok(tarball, entry["integrity"]):
            raise RuntimeError(f"{entry['tarball']} does not match its npm integrity hash")
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            member = archive.extractfile(entry["file"])
            if member is None:
                raise RuntimeError(f"{entry['file']} missing from {entry['tarball']}")
            partial = path.with_suffix(".partial")
            partial.write_bytes(member.read())
            partial.replace(path)
    return files


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # pragma: no cover - only needed while building
    BuildHookInterface = object


class VendorHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        fetch_vendor()


if __name__ == "__main__":
    for path in fetch_vendor():
        print(path)
