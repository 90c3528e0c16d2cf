"""Formatters: tables, DOT and Mermaid escape what they must and draw edges the way data
flows."""

from __future__ import annotations

from graphlineage.cli.context import parse_params
from graphlineage.core.answers import LineageEdge, LineageNode
from graphlineage.render import diagram, text


def _nodes() -> list[LineageNode]:
    return [
        LineageNode(kind="artifact_version", key="p/d:v0", ref="p/d:v0", name="d:v0",
                    project="p", type="dataset"),
        LineageNode(kind="run", key="id1", ref='run:p/say "hi"', name='say "hi" <b>#1',
                    project="p", type="train", status="finished"),
        LineageNode(kind="registered_model", key="M", ref="registry:M", name="M"),
    ]  # fmt: skip


def _edges() -> list[LineageEdge]:
    return [LineageEdge(source='run:p/say "hi"', type="USED", target="p/d:v0"),
            LineageEdge(source="p/d:v0", type="LINKED_TO", target="registry:M")]  # fmt: skip


def test_dot_quotes_names_and_draws_flow_direction() -> None:
    dot = diagram.to_dot(diagram.Diagram.of(_nodes(), _edges(), focus="p/d:v0"))
    assert '"run:p/say \\"hi\\"" [label="say \\"hi\\" <b>#1\\nrun · train · finished"' in dot
    assert '"p/d:v0" -> "run:p/say \\"hi\\"" [label="used by"];' in dot
    assert '"p/d:v0" -> "registry:M" [label="linked"];' in dot
    assert "penwidth=2.5" in dot.split("\n")[4]


def test_mermaid_escapes_labels_and_uses_safe_ids() -> None:
    chart = diagram.to_mermaid(diagram.Diagram.of(_nodes(), _edges() * 2, focus="p/d:v0"))
    assert 'n1["say #34;hi#34; #60;b#62;#35;1<br>run · train · finished"]' in chart
    assert chart.count("n0 -->|used by| n1") == 1  # duplicate edges drawn once
    assert "class n0 focus" in chart and 'n2{{"M<br>registered model"}}' in chart


def test_tables_align_and_shorten_cells() -> None:
    out = text.table(["name", "value"], [["a", {"k": 1}], ["bbb", "x" * 100]])
    lines = out.splitlines()
    assert lines[0] == "NAME  VALUE" and lines[1] == 'a     {"k":1}'
    assert lines[2].endswith("…") and len(lines[2]) == len("name  ") + text.MAX_CELL
    assert text.table(["a"], []) == "(none)"


def test_cli_parameters_decode_json_and_keep_strings() -> None:
    assert parse_params(["n=3", "flag=true", "none=null", "name=mnist", "l=[1, 2]",
                         "s=a=b"]) == {"n": 3, "flag": True, "none": None, "name": "mnist",
                                       "l": [1, 2], "s": "a=b"}  # fmt: skip
