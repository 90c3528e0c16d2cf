"""Batches for the bulk write paths: cut a stream into lists, and isolate what fails.

A batch is one transaction. When a transaction fails as a whole (a constraint race with
another writer, a value the server refuses), ``isolate`` splits the batch in halves and tries
each again, until the item that makes it fail stands alone; that one is reported through
``fail`` and every other item is written. Items the query itself refuses come back in its
answer and never make the transaction fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from graphlineage.errors import ConflictError, GraphlineageError, QueryError

T = TypeVar("T")
R = TypeVar("R")


def batches(
    items: Iterable[T],
    size: int,
    weight: Callable[[T], int] | None = None,
    budget: int = 16 * 1024 * 1024,
) -> Iterator[list[T]]:
    """Lists of at most ``size`` items, and (with ``weight``) at most ``budget`` of weight
    each, so that a batch of big items (long manifests, say) stays a modest transaction."""
    batch: list[T] = []
    spent = 0
    for item in items:
        cost = weight(item) if weight is not None else 0
        if batch and (len(batch) >= size or spent + cost > budget):
            yield batch
            batch, spent = [], 0
        batch.append(item)
        spent += cost
    if batch:
        yield batch


def isolate(
    batch: Sequence[T],
    write: Callable[[Sequence[T]], list[R]],
    fail: Callable[[T, GraphlineageError], R],
) -> list[R]:
    """``write(batch)``; if that fails as a whole, split until the failing item is alone."""
    try:
        return write(batch)
    except (QueryError, ConflictError) as exc:
        if len(batch) == 1:
            return [fail(batch[0], exc)]
    half = len(batch) // 2
    return isolate(batch[:half], write, fail) + isolate(batch[half:], write, fail)
