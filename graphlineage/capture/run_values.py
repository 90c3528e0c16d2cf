"""A run's config and summary as W&B has them: dicts (that also read as attributes) which
say when they change, so the run persists each change."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from graphlineage.core.jsonvalues import json_value_check
from graphlineage.errors import InvalidInputError


class _Tracked(dict[str, Any]):
    """A dict whose changes are checked (JSON values only, a running run) before they are
    made, and reported after: the run persists them."""

    _what = "values"

    def __init__(self, values: Mapping[str, Any] | None = None,
                 changed: Callable[[], None] | None = None,
                 allowed: Callable[[str], None] | None = None) -> None:  # fmt: skip
        super().__init__(values or {})
        object.__setattr__(self, "_changed", changed or (lambda: None))
        object.__setattr__(self, "_allowed", allowed or (lambda doing: None))

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None

    def _check(self, values: Mapping[str, Any]) -> None:
        self._allowed(f"change its {self._what}")
        for key in values:
            if not isinstance(key, str):
                raise InvalidInputError(f"{self._what} keys must be strings, not {key!r}")
        json_value_check(dict(values), self._what)

    def __setitem__(self, key: str, value: Any) -> None:
        self._check({key: value})
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        self._allowed(f"change its {self._what}")
        super().__delitem__(key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("allow_val_change", None)  # W&B's flag: values may always change here
        values = dict(*args, **kwargs)
        self._check(values)
        super().update(values)
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key: str, *default: Any) -> Any:
        if key not in self:
            return super().pop(key, *default)
        value = self[key]
        del self[key]
        return value

    def popitem(self) -> tuple[str, Any]:
        self._allowed(f"change its {self._what}")
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        self._allowed(f"change its {self._what}")
        super().clear()
        self._changed()

    def __ior__(self, other: Any) -> _Tracked:  # type: ignore[override,misc]
        self.update(other)
        return self

    def __reduce__(self) -> Any:
        return (dict, (dict(self),))

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:

        return copy.deepcopy(dict(self), memo)


class Config(_Tracked):
    """Run config: a dict that also reads and writes as attributes (``run.config.lr``);
    a change after ``init`` is persisted at once."""

    _what = "config"


class Summary(_Tracked):
    """Run summary: the final value of each metric (``run.summary["accuracy"] = 0.98``, or
    the last ``run.log`` value); changes are sent at most every ``LOG_SYNC_SECONDS`` (5 s)
    and at ``finish()``."""

    _what = "summary"
