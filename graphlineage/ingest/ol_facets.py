"""OpenLineage dataset facets as graph properties: the known facets become properties
Cypher can query, every other facet is kept verbatim (JSON text) so nothing is lost.

======================================  ===================================================
facet (where it comes from)             property (on which node)
======================================  ===================================================
``dataSource`` {name, uri}              ``ol_datasource_name``, ``ol_datasource_uri`` (Artifact)
``ownership`` {owners: [{name, type}]}  ``ol_owners`` (list of names), ``ol_ownership`` (JSON)
                                        (Artifact)
``documentation`` {description}         ``ol_documentation`` (Artifact)
``schema`` {fields: [{name, type}]}     ``ol_fields`` (list of names, nested ones dotted),
                                        ``ol_field_types`` (list, same order), ``ol_schema``
                                        (JSON) (ArtifactVersion)
``version`` {datasetVersion}            ``ol_version`` (ArtifactVersion)
``dataQualityMetrics`` (inputFacets)    ``ol_quality_row_count``, ``ol_quality_bytes``,
                                        ``ol_quality`` (JSON) (ArtifactVersion)
``dataQualityAssertions``               ``ol_assertions_passed`` (all passed), ``ol_assertions``
                                        (JSON) (ArtifactVersion)
``outputStatistics`` (outputFacets)     ``ol_row_count``, ``ol_bytes``, ``ol_file_count``
                                        (ArtifactVersion)
``columnLineage``                       ``ol_column_lineage`` (JSON) (ArtifactVersion), and
                                        the column graph (see :mod:`.ol_columns`)
any other facet                         ``ol_facets`` / ``ol_input_facets`` /
                                        ``ol_output_facets`` (JSON object by facet name)
======================================  ===================================================

A facet that is absent leaves the property as it was (an input naming a dataset without its
schema does not erase the schema its producer sent).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

ARTIFACT_FACETS = ("dataSource", "ownership", "documentation")
VERSION_FACETS = ("schema", "version", "dataQualityMetrics", "dataQualityAssertions",
                  "outputStatistics", "columnLineage")  # fmt: skip
KNOWN = frozenset(ARTIFACT_FACETS + VERSION_FACETS)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _facet(facets: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = facets.get(name)
    if not isinstance(value, dict) or value.get("_deleted") is True:
        return None
    return value


def _number(value: Any) -> int | float | None:
    """A count Neo4j can store (a 64-bit integer or a float), else None (then the facet's
    JSON still has it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return None
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def schema_fields(fields: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted name, type) of each schema field, nested ``fields`` after their parent."""
    for item in fields if isinstance(fields, list) else ():
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        name = prefix + item["name"]
        yield name, str(item.get("type") or "")
        yield from schema_fields(item.get("fields"), name + ".")


def _unknown(facets: dict[str, Any]) -> str | None:
    rest = {name: value for name, value in facets.items() if name not in KNOWN}
    return _json(rest) if rest else None


def artifact_properties(facets: dict[str, Any]) -> dict[str, Any]:
    """The Artifact properties from a dataset's facets (absent ones left out)."""
    found: dict[str, Any] = {}
    if source := _facet(facets, "dataSource"):
        found["ol_datasource_name"] = _text(source.get("name"))
        found["ol_datasource_uri"] = _text(source.get("uri"))
    if owned := _facet(facets, "ownership"):
        owners = [o for o in owned.get("owners") or () if isinstance(o, dict)]
        found["ol_owners"] = [str(o.get("name")) for o in owners if o.get("name")]
        found["ol_ownership"] = _json(owners)
    if docs := _facet(facets, "documentation"):
        found["ol_documentation"] = _text(docs.get("description"))
    return {key: value for key, value in found.items() if value is not None}


def version_properties(facets: dict[str, Any], input_facets: dict[str, Any],
                       output_facets: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """The ArtifactVersion properties from a dataset's facets, input facets and output
    facets (absent ones left out)."""
    found: dict[str, Any] = {}
    if schema := _facet(facets, "schema"):
        fields = list(schema_fields(schema.get("fields")))
        found["ol_fields"] = [name for name, _ in fields]
        found["ol_field_types"] = [kind for _, kind in fields]
        found["ol_schema"] = _json(schema.get("fields") or [])
    if version := _facet(facets, "version"):
        value = version.get("datasetVersion")
        found["ol_version"] = None if value in (None, "") else str(value)
    quality = _facet(input_facets, "dataQualityMetrics") or _facet(facets, "dataQualityMetrics")
    if quality:
        found["ol_quality_row_count"] = _number(quality.get("rowCount"))
        found["ol_quality_bytes"] = _number(quality.get("bytes"))
        found["ol_quality"] = _json(quality)
    assertions = (_facet(input_facets, "dataQualityAssertions")
                  or _facet(facets, "dataQualityAssertions"))  # fmt: skip
    if assertions:
        listed = [a for a in assertions.get("assertions") or () if isinstance(a, dict)]
        found["ol_assertions_passed"] = all(a.get("success") is True for a in listed)
        found["ol_assertions"] = _json(listed)
    stats = _facet(output_facets, "outputStatistics") or _facet(facets, "outputStatistics")
    if stats:
        found["ol_row_count"] = _number(stats.get("rowCount"))
        found["ol_bytes"] = _number(stats.get("size"))
        found["ol_file_count"] = _number(stats.get("fileCount"))
    if lineage := _facet(facets, "columnLineage"):
        found["ol_column_lineage"] = _json(lineage)
    found["ol_facets"] = _unknown(facets)
    found["ol_input_facets"] = _unknown(input_facets)
    found["ol_output_facets"] = _unknown(output_facets)
    return {key: value for key, value in found.items() if value is not None}
