"""Points in time given by users: ``as_of=`` of the questions, ``--as-of`` of the CLI, and
DATETIME parameters of library queries given as text.

A time is a timezone-aware :class:`datetime` or ISO 8601 text with a zone
(``2026-11-01T12:00Z``, ``2026-11-01T14:00+02:00``). A time without a zone is refused, not
guessed: "12:00" means a different instant on every machine. ``as_of`` must not lie in the
future either: the graph of tomorrow is not known yet.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graphlineage.errors import InvalidInputError

# the server's clock may run a little ahead of the client's: a time this close to now is
# taken as now rather than refused as "in the future"
CLOCK_SKEW = timedelta(seconds=5)
# what the questions send when no as_of is given: later than anything stored, so "as of
# then" and "now" are the same query with the same parameter types (one cached plan)
FOREVER = datetime(9999, 12, 31, tzinfo=UTC)


def parse_time(value: object, what: str = "time") -> datetime:
    """``value`` (an aware datetime or ISO text with a zone) as a UTC datetime."""
    if isinstance(value, str):
        text = value.strip()
        try:
            when = datetime.fromisoformat(text)
        except ValueError as exc:
            raise InvalidInputError(
                f"{what} must be an ISO date-time with a zone like 2026-11-01T12:00Z, "
                f"not {value!r}"
            ) from exc
    elif isinstance(value, datetime):
        when = value
    else:
        raise InvalidInputError(
            f"{what} must be a timezone-aware datetime or ISO text like 2026-11-01T12:00Z, "
            f"not {type(value).__name__}"
        )
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidInputError(
            f"{what} {value!s} has no time zone: add one (2026-11-01T12:00Z, +02:00)"
        )
    try:
        return when.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise InvalidInputError(f"{what} {value!s} is out of range") from exc


def as_of_time(value: object) -> datetime | None:
    """``as_of=`` checked: ``None`` (now), or a past time as UTC."""
    if value is None:
        return None
    when = parse_time(value, "as_of")
    if when > datetime.now(UTC) + CLOCK_SKEW:
        raise InvalidInputError(f"as_of {when.isoformat()} is in the future")
    return when


def as_of_parameter(as_of: datetime | None) -> datetime:
    """What a query's ``$as_of`` gets: the time, or :data:`FOREVER` for now."""
    return FOREVER if as_of is None else as_of
