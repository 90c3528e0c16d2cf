"""The lineage page: served live by ``graphlineage ui``, or written as one self-contained
file by ``graphlineage view`` (libraries, code and data inlined; no network needed)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from graphlineage.errors import ConfigurationError

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"


def vendor_files() -> list[Path]:
    """The front-end libraries fetched at build time (see vendor_hook.py)."""
    manifest = json.loads((Path(__file__).parent / "vendor.json").read_text())
    files = [VENDOR / f"{name}-{entry['version']}.min.js"
             for name, entry in manifest.items() if not name.startswith("_")]  # fmt: skip
    missing = [f.name for f in files if not f.exists()]
    if missing:
        raise ConfigurationError(
            f"the page's libraries are missing ({', '.join(missing)}): they are fetched from "
            "npm when graphlineage is installed; reinstall (pip install -e .) or run "
            "`python graphlineage/web/vendor_hook.py`"
        )
    return files


_BODY = """<header>
  <h1>graphlineage</h1>
  <form id="search-form" onsubmit="return false">
    <input id="search" type="search" autocomplete="off"
           placeholder="run, artifact version or model (e.g. mnist_model:v0)">
    <button type="submit">Show</button>
  </form>
  <label><input id="impact-mode" type="checkbox"> impact mode</label>
  <label><input id="job-level" type="checkbox"> by job</label>
  <label id="as-of-label">as of <input id="as-of" type="text" size="24" autocomplete="off"
         placeholder="now (or 2026-11-01T12:00Z)"></label>
  <span id="filters"></span>
  <span id="status">{status}</span>
  <ul id="results"></ul>
</header>
<div id="graph"></div>
<aside id="details"><p>Search for a run, an artifact version or a registered model. Click a
node to centre on it; dashed boxes are clusters of five or more siblings (click to open).
Impact mode lights up everything downstream.</p></aside>"""


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip


def embed_json(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` (so no
    ``</script>``, ``<!--`` or ``<script>`` can change how the HTML parser reads it), and no
    line separators that old JavaScript engines end strings at."""
    text = json.dumps(data, default=str)
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def _inline_script(text: str) -> str:
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def page(title: str = "graphlineage", data: dict[str, Any] | None = None) -> str:
    """The HTML page. With ``data`` everything is inlined; without, it loads /static/."""
    head = f'<meta charset="utf-8"><title>{html.escape(title)}</title>'
    css = (STATIC / "app.css").read_text()
    if data is None:
        scripts = "".join(f'<script src="static/vendor/{f.name}"></script>' for f in vendor_files())
        scripts += '<script src="static/app.js"></script>'
        status = ""
    else:
        embedded = embed_json(data)
        scripts = "".join(_inline_script(f.read_text()) for f in vendor_files())
        scripts += f"<script>window.GRAPHLINEAGE_DATA = {embedded};</script>"
        scripts += _inline_script((STATIC / "app.js").read_text())
        status = "saved view (no server)"
    body = _BODY.replace("{status}", html.escape(status))
    return (f"<!doctype html><html><head>{head}<style>{css}</style></head>"
            f"<body>{body}{scripts}</body></html>")  # fmt: skip
