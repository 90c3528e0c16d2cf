"""Bulk loading: fold an event stream into a graph in Python, load it with Neo4j's importer."""
