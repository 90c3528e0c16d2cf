"""The error tree drawn in ``graphlineage.errors``'s docstring is the tree of its classes."""

from __future__ import annotations

import re
import warnings

import pytest

from graphlineage import errors

_ENTRY = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z]\w+Error)\b")


def _drawn() -> dict[str, str | None]:
    """Each class in the drawing, with its parent (None for the root)."""
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        match = _ENTRY.match(line.strip("\n")[4:] if line.startswith("    ") else "")
        if not match:
            continue
        depth = len(match["indent"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[match["name"]] = stack[-1][1] if stack else None
        stack.append((depth, match["name"]))
    return parents


def test_the_drawing_matches_the_classes() -> None:
    root = errors.GraphlineageError
    classes = {name: value for name, value in vars(errors).items()
               if isinstance(value, type) and issubclass(value, root)}  # fmt: skip
    actual = {name: (None if cls is errors.GraphlineageError else cls.__bases__[0].__name__)
              for name, cls in classes.items()}  # fmt: skip
    assert _drawn() == actual
    assert sorted(errors.__all__) == sorted(classes)


def test_the_renamed_connection_error_still_answers_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="Neo4jConnectionError"):
        old = errors.ConnectionError  # type: ignore[attr-defined]
    assert old is errors.Neo4jConnectionError
    assert not issubclass(errors.Neo4jConnectionError, ConnectionError)  # the builtin
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError):
            errors.NoSuchError  # type: ignore[attr-defined]  # noqa: B018


def test_errors_keep_their_cause() -> None:
    """``raise ... from None`` hides the driver's (or pydantic's, or the OS's) error from
    ``--debug``; the one place it stays turns a KeyError into the AttributeError that
    attribute access must raise."""
    from pathlib import Path

    package = Path(errors.__file__).parent
    hidden = [f"{path.relative_to(package)}:{number}"
              for path in package.rglob("*.py")
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if "from None" in line and "AttributeError(key)" not in line]  # fmt: skip
    assert hidden == []
