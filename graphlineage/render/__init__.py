"""Formatters: answers as text tables, JSON, Graphviz DOT and Mermaid."""
