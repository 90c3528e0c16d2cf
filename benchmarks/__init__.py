"""Benchmarks: ingest and query speed of graphlineage at 10k, 100k and 1M nodes, against
networkx (in memory) and SQLite (recursive CTEs). Run ``python -m benchmarks --scale S``."""
