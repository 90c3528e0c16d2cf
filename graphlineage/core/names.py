"""Human-friendly run names in the W&B style: ``adjective-noun-<number>``.

``generate_run_name(6)`` gives something like ``serene-haze-6``; the number is the run's
position in its project, so names stay unique within a project even when the words repeat.
"""

from __future__ import annotations

import random

from graphlineage.errors import InvalidInputError

__all__ = ["ADJECTIVES", "NOUNS", "generate_run_name", "name_words"]

ADJECTIVES: tuple[str, ...] = (
    "amber", "ancient", "autumn", "bold", "brave", "bright", "brisk", "calm",
    "celestial", "clever", "cosmic", "crimson", "curious", "dainty", "dashing", "deft",
    "dry", "eager", "earnest", "electric", "elegant", "fancy", "fearless", "fiery",
    "fluent", "fresh", "gallant", "gentle", "glad", "golden", "graceful", "hardy",
    "hearty", "icy", "jolly", "jumping", "keen", "lively", "lucky", "lunar",
    "misty", "noble", "olive", "polar", "proud", "quiet", "rare", "restful",
    "rosy", "royal", "rustic", "serene", "silent", "snowy", "solar", "stellar",
    "sunny", "swift", "twilight", "vague", "valiant", "vivid", "wandering", "wise",
)  # fmt: skip

NOUNS: tuple[str, ...] = (
    "aurora", "badger", "bird", "blaze", "breeze", "brook", "butterfly", "canyon",
    "cloud", "comet", "cosmos", "dawn", "deluge", "dew", "dream", "dune",
    "eon", "feather", "fire", "firefly", "flower", "fog", "forest", "frost",
    "galaxy", "glade", "glitter", "grass", "harbor", "haze", "hill", "lake",
    "leaf", "meadow", "moon", "monkey", "morning", "mountain", "night", "oasis",
    "ocean", "orchid", "otter", "paper", "pine", "planet", "pond", "rain",
    "resonance", "river", "sea", "shadow", "sky", "snow", "sound", "star",
    "sun", "sunset", "surf", "thunder", "tree", "valley", "wave", "wind",
)  # fmt: skip


def generate_run_name(number: int, rng: random.Random | None = None) -> str:
    """Return ``adjective-noun-<number>``; ``rng`` makes the choice of words repeatable."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidInputError(f"run number must be an int, not {type(number).__name__}")
    if number < 1:
        raise InvalidInputError(f"run number must be 1 or more, got {number}")
    chooser = rng if rng is not None else random.Random()
    return f"{chooser.choice(ADJECTIVES)}-{chooser.choice(NOUNS)}-{number}"


def name_words(run_id: str) -> str:
    """The ``adjective-noun`` part of a generated name, chosen by the run id alone, so that
    the server (which appends the run's number in the project) and any offline tool that
    rebuilds the graph from events pick the same words."""
    chooser = random.Random(run_id)
    return f"{chooser.choice(ADJECTIVES)}-{chooser.choice(NOUNS)}"
