"""Generated run names (no server)."""

from __future__ import annotations

import random
import re

import pytest

from graphlineage.core.names import ADJECTIVES, NOUNS, generate_run_name
from graphlineage.core.refs import validate_name, validate_run_name
from graphlineage.errors import InvalidInputError


def test_word_lists() -> None:
    for words in (ADJECTIVES, NOUNS):
        assert len(words) >= 60
        assert len(set(words)) == len(words)
        assert all(re.fullmatch(r"[a-z]+", word) for word in words)
    assert {"jumping", "vague", "serene"} <= set(ADJECTIVES)
    assert {"monkey", "morning", "haze"} <= set(NOUNS)


def test_shape_and_validity() -> None:
    rng = random.Random(0)
    for number in (1, 5, 6, 1000):
        name = generate_run_name(number, rng)
        adjective, noun, suffix = name.split("-")
        assert adjective in ADJECTIVES
        assert noun in NOUNS
        assert suffix == str(number)
        assert validate_run_name(name) == name
        assert validate_name(name, "run name") == name


def test_seeded_rng_repeats() -> None:
    first = [generate_run_name(n, random.Random(42)) for n in range(1, 5)]
    second = [generate_run_name(n, random.Random(42)) for n in range(1, 5)]
    assert first == second


def test_without_rng_varies() -> None:
    names = {generate_run_name(1) for _ in range(50)}
    assert len(names) > 1


@pytest.mark.parametrize("number", [0, -1])
def test_number_must_be_positive(number: int) -> None:
    with pytest.raises(InvalidInputError, match="1 or more"):
        generate_run_name(number)


@pytest.mark.parametrize("number", [True, 1.0, "1"])
def test_number_must_be_int(number: object) -> None:
    with pytest.raises(InvalidInputError, match="must be an int"):
        generate_run_name(number)  # type: ignore[arg-type]
