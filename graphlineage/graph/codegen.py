"""Writes :mod:`graphlineage.graph.queries`, the typed accessors of the query library: one
function per ``.cypher`` file, its keyword parameters and its row type read from the file's
header (see :mod:`graphlineage.graph.library`).

Run ``python -m graphlineage.graph.codegen`` after adding or changing a ``.cypher`` file;
a unit test fails while the accessors and the files disagree.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from graphlineage.graph.library import BULK_LIBRARY, LIBRARY, Field, Library, Query

TARGET = Path(__file__).with_name("queries.py")
_SCALARS = {"STRING": "str", "INTEGER": "int", "FLOAT": "float", "BOOLEAN": "bool",
            "DATETIME": "datetime", "ANY": "Any"}  # fmt: skip
_LIST = re.compile(r"^LIST<(.+)>$")
_WIDTH = 100


def python_type(cypher_type: str, *, parameter: bool) -> str:
    """The Python type of a header's Cypher type: a parameter accepts any mapping or
    sequence, a row holds the dicts and lists that the driver decodes."""
    listed = _LIST.match(cypher_type)
    if listed:
        inner = python_type(listed.group(1), parameter=parameter)
        return f"Sequence[{inner}]" if parameter else f"list[{inner}]"
    if cypher_type == "MAP":
        return "Mapping[str, Any]" if parameter else "dict[str, Any]"
    if cypher_type not in _SCALARS:
        raise ValueError(f"no Python type for the Cypher type {cypher_type!r}")
    return _SCALARS[cypher_type]


def _typed(field: Field, *, parameter: bool) -> str:
    base = python_type(field.type, parameter=parameter)
    return f"{base} | None" if field.nullable else base


def _row_name(query: Query) -> str:
    return "".join(part.title() for part in query.name.split("_")) + "Row"


def _accessor(query: Query, library: str, folder: str) -> str:
    lines = []
    row = _row_name(query) if query.returns else "None"
    if query.returns:
        lines.append(f"class {row}(TypedDict):")
        lines += [f"    {f.name}: {_typed(f, parameter=False)}" for f in query.returns]
        lines += ["", ""]
    params = [f"{p.name}: {_typed(p, parameter=True)}" for p in query.parameters]
    one_line = f"def {query.name}({'*, ' + ', '.join(params) if params else ''}) -> Call[{row}]:"
    if len(one_line) <= _WIDTH:
        lines.append(one_line)
    else:
        lines += [f"def {query.name}(", "    *,", *[f"    {p}," for p in params],
                  f") -> Call[{row}]:"]  # fmt: skip
    doc = textwrap.wrap(f"{_first_sentence(query)} {query.mode.title()} query "
                        f"``{folder}/{query.name}.cypher``.", _WIDTH - 12)  # fmt: skip
    lines.append(f'    """{doc[0]}' + ('"""' if len(doc) == 1 else ""))
    if len(doc) > 1:
        lines += [f"    {line}" for line in doc[1:]]
        lines[-1] += '"""'
    values = [f'"{p.name}": {p.name}' for p in query.parameters]
    one_line = f'    return Call({library}["{query.name}"], {{{", ".join(values)}}})'
    if len(one_line) <= _WIDTH:
        lines.append(one_line)
    else:
        lines += [f'    return Call({library}["{query.name}"], {{',
                  *[f"        {v}," for v in values], "    })"]  # fmt: skip
    return "\n".join(lines)


def _first_sentence(query: Query) -> str:
    sentence: str = re.split(r"(?<=[.?!])\s", query.summary, maxsplit=1)[0]
    return sentence if sentence.endswith((".", "?", "!")) else f"{sentence}."


def render(libraries: dict[str, tuple[Library, str]]) -> str:
    out = [
        '"""Typed accessors of the query library, one per ``.cypher`` file: the only place',
        "that names a query. Generated from the files' headers by",
        "``python -m graphlineage.graph.codegen``; do not edit by hand.",
        '"""',
        "",
                "from __future__ import annotations",
        "",
        "from collections.abc import Mapping, Sequence",
        "from datetime import datetime",
        "from typing import Any, TypedDict",
        "",
        "from graphlineage.graph.library import BULK_LIBRARY, LIBRARY, Call",
        "",
        '__all__ = ["Call"]',
        "_ = (Mapping, Sequence, datetime, Any)  # whichever the headers need",
    ]
    for library_name, (library, folder) in libraries.items():
        for name in library:
            out += ["", "", _accessor(library[name], library_name, folder)]
    return "\n".join(out) + "\n"


def main() -> int:
    text = render({"LIBRARY": (LIBRARY, "cypher"), "BULK_LIBRARY": (BULK_LIBRARY, "cypher/bulk")})
    if "--check" in sys.argv[1:]:
        return 0 if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text else 1
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
