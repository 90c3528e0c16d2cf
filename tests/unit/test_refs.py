"""Name validation and ref parsing (no server)."""

from __future__ import annotations

import pytest

from graphlineage.core.refs import (
    ArtifactRef,
    RegistryRef,
    RunRef,
    format_node_ref,
    parse_artifact_ref,
    parse_node_ref,
    parse_registry_ref,
    parse_run_ref,
    validate_alias,
    validate_name,
    validate_project,
    validate_run_name,
    validate_selector,
)
from graphlineage.errors import InvalidInputError, InvalidRefError


@pytest.mark.parametrize("value", ["a", "mnist", "MNIST-dev", "v3", "0abc", "a.b_c-d", "x" * 128])
def test_valid_names(value: str) -> None:
    assert validate_name(value, "artifact name") == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "a b",
        "it's",
        'say"hi"',
        "back`tick",
        "a:b",
        "a/b",
        "{x}",
        "_lead",
        "-lead",
        ".lead",
        "x" * 129,
        "naïve",
        "a\n",
        "a;MATCH (n) DETACH DELETE n",
    ],
)
def test_invalid_names_name_the_rule(value: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_name(value, "artifact name")
    message = str(info.value)
    assert message.startswith("artifact name ")
    assert "is invalid: use letters, digits, '_', '-', '.'" in message
    assert "1-128 chars, starting with a letter or digit" in message


def test_validate_name_message_quotes_value() -> None:
    with pytest.raises(InvalidInputError, match=r"^artifact name 'a b' is invalid: use letters"):
        validate_name("a b", "artifact name")


def test_validate_name_rejects_non_strings() -> None:
    with pytest.raises(InvalidInputError, match="must be a string"):
        validate_name(3, "artifact name")  # type: ignore[arg-type]


def test_validate_project() -> None:
    assert validate_project("my-proj") == "my-proj"
    with pytest.raises(InvalidInputError, match="project name 'my proj'"):
        validate_project("my proj")


@pytest.mark.parametrize("value", ["latest", "production", "best.v2", "v", "va1", "v1a"])
def test_valid_aliases(value: str) -> None:
    assert validate_alias(value) == value


@pytest.mark.parametrize("value", ["v0", "v3", "v01", "V7", "v123456"])
def test_aliases_must_not_look_like_versions(value: str) -> None:
    with pytest.raises(InvalidInputError, match="is a version, not an alias"):
        validate_alias(value)


def test_alias_uses_name_pattern() -> None:
    with pytest.raises(InvalidInputError, match="alias 'my alias' is invalid: use letters"):
        validate_alias("my alias")


@pytest.mark.parametrize("value", ["v0", "v3", "v10", "latest"])
def test_valid_selectors(value: str) -> None:
    assert validate_selector(value) == value


def test_selector_rejects_leading_zeros() -> None:
    with pytest.raises(InvalidInputError, match="without leading zeros"):
        validate_selector("v01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("jumping-monkey-1", "jumping-monkey-1"), ("  my run  ", "my run"), ("é run #3", "é run #3")],
)
def test_valid_run_names(value: str, expected: str) -> None:
    assert validate_run_name(value) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty or blank"),
        ("   ", "empty or blank"),
        ("a/b", "'/' or ':'"),
        ("a:b", "'/' or ':'"),
        ("a\tb", "non-printable"),
        ("a\x00b", "non-printable"),
        ("x" * 129, "too long"),
    ],
)
def test_invalid_run_names(value: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=f"run name.*{fragment}"):
        validate_run_name(value)


@pytest.mark.parametrize(
    ("text", "project", "name", "selector"),
    [
        ("mnist", None, "mnist", "latest"),
        ("mnist:production", None, "mnist", "production"),
        ("mnist:v3", None, "mnist", "v3"),
        ("proj/mnist:best", "proj", "mnist", "best"),
        ("proj/mnist", "proj", "mnist", "latest"),
        ("proj/mnist:v0", "proj", "mnist", "v0"),
    ],
)
def test_parse_artifact_ref(text: str, project: str | None, name: str, selector: str) -> None:
    ref = parse_artifact_ref(text)
    assert (ref.project, ref.name, ref.selector) == (project, name, selector)
    assert parse_artifact_ref(str(ref)) == ref


def test_default_selector() -> None:
    assert parse_artifact_ref("mnist", default_selector="v2").selector == "v2"
    assert parse_artifact_ref("mnist:prod", default_selector="v2").selector == "prod"
    with pytest.raises(InvalidRefError):
        parse_artifact_ref("mnist", default_selector="v02")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        " mnist",
        "a:b:c",
        "name:",
        ":v1",
        "a/b/c/d:v1",
        "/name",
        "proj/",
        "proj/:v1",
        "it's:v1",
        "na`me",
        "name:v01",
        "name:V3",
        "name:bad alias",
        "name:{x}",
    ],
)
def test_bad_artifact_refs(text: str) -> None:
    with pytest.raises(InvalidRefError) as info:
        parse_artifact_ref(text)
    message = str(info.value)
    assert message.startswith(f"invalid artifact ref {text!r}: ")
    assert "accepted forms: 'name', 'name:alias', 'name:v3'" in message


def test_bad_ref_reasons_are_specific() -> None:
    with pytest.raises(InvalidRefError, match="more than one ':'"):
        parse_artifact_ref("a:b:c")
    with pytest.raises(InvalidRefError, match="after ':' is missing"):
        parse_artifact_ref("name:")
    with pytest.raises(InvalidRefError, match="before ':' is missing"):
        parse_artifact_ref(":v1")
    with pytest.raises(InvalidRefError, match="more than two '/'"):
        parse_artifact_ref("a/b/c/d:v1")
    with pytest.raises(InvalidRefError, match="leading zeros"):
        parse_artifact_ref("name:v01")


def test_invalid_ref_is_invalid_input() -> None:
    assert issubclass(InvalidRefError, InvalidInputError)


def test_artifact_ref_properties() -> None:
    ref = parse_artifact_ref("mnist:v3")
    assert ref.is_version
    assert ref.version_index == 3
    assert str(ref) == "mnist:v3"
    alias = parse_artifact_ref("p/mnist:latest")
    assert not alias.is_version
    assert alias.version_index is None
    assert str(alias) == "p/mnist:latest"


def test_with_project_fills_only_missing() -> None:
    ref = parse_artifact_ref("mnist:v1")
    filled = ref.with_project("proj")
    assert str(filled) == "proj/mnist:v1"
    assert filled.with_project("other") == filled
    with pytest.raises(InvalidInputError):
        ref.with_project("bad proj")


def test_artifact_ref_is_frozen_and_validated() -> None:
    ref = ArtifactRef(project=None, name="mnist", selector="v1")
    with pytest.raises(Exception, match="frozen"):
        ref.name = "other"  # type: ignore[misc]
    with pytest.raises(InvalidRefError, match="artifact name"):
        ArtifactRef(project=None, name="a b", selector="v1")
    with pytest.raises(InvalidRefError, match="selector"):
        ArtifactRef(project=None, name="ab", selector="v01")
    with pytest.raises(InvalidRefError, match="must be a string"):
        ArtifactRef(project=None, name=5, selector="v1")


@pytest.mark.parametrize(
    ("text", "name", "selector"),
    [
        ("MNIST-dev:v3", "MNIST-dev", "v3"),
        ("MNIST-dev:production", "MNIST-dev", "production"),
        ("MNIST-dev", "MNIST-dev", "latest"),
    ],
)
def test_parse_registry_ref(text: str, name: str, selector: str) -> None:
    ref = parse_registry_ref(text)
    assert ref == RegistryRef(name=name, selector=selector)
    assert parse_registry_ref(str(ref)) == ref


def test_registry_ref_version_index() -> None:
    assert parse_registry_ref("m:v12").version_index == 12
    assert parse_registry_ref("m:prod").version_index is None


@pytest.mark.parametrize("text", ["", "proj/model:v1", "m:", "m:a:b", "bad name", "m:v007"])
def test_bad_registry_refs(text: str) -> None:
    with pytest.raises(InvalidRefError, match=r"invalid registry ref .*accepted forms: 'model'"):
        parse_registry_ref(text)


@pytest.mark.parametrize(
    ("text", "project", "key"),
    [
        ("run:abc123", None, "abc123"),
        ("run:proj/jumping-monkey-1", "proj", "jumping-monkey-1"),
        ("abc123", None, "abc123"),
        ("proj/my run", "proj", "my run"),
    ],
)
def test_parse_run_ref(text: str, project: str | None, key: str) -> None:
    ref = parse_run_ref(text)
    assert ref == RunRef(project=project, key=key)
    assert parse_run_ref(str(ref)) == ref
    assert str(ref).startswith("run:")


@pytest.mark.parametrize("text", ["run:", "run:   ", "run:/x", "run:a/b/c", "run:bad proj/x", ""])
def test_bad_run_refs(text: str) -> None:
    with pytest.raises(InvalidRefError, match=r"invalid run ref .*accepted forms: 'run:"):
        parse_run_ref(text)


def test_run_ref_with_project() -> None:
    assert parse_run_ref("run:x").with_project("p") == RunRef(project="p", key="x")
    assert parse_run_ref("run:q/x").with_project("p").project == "q"


def test_parse_node_ref_dispatches_on_prefix() -> None:
    assert parse_node_ref("registry:MNIST-dev:v3") == RegistryRef(name="MNIST-dev", selector="v3")
    assert parse_node_ref("registry:MNIST-dev") == RegistryRef(name="MNIST-dev", selector="latest")
    assert parse_node_ref("run:proj/abc") == RunRef(project="proj", key="abc")
    assert parse_node_ref("proj/mnist:v1") == ArtifactRef(
        project="proj", name="mnist", selector="v1"
    )
    assert parse_node_ref("proj/run:v1") == ArtifactRef(project="proj", name="run", selector="v1")


@pytest.mark.parametrize(
    "text", ["registry:MNIST-dev:v3", "run:proj/abc", "run:abc", "proj/mnist:v1", "mnist:prod"]
)
def test_format_node_ref_round_trips(text: str) -> None:
    assert format_node_ref(parse_node_ref(text)) == text


def test_parse_node_ref_errors() -> None:
    with pytest.raises(InvalidRefError, match="registry ref"):
        parse_node_ref("registry:")
    with pytest.raises(InvalidRefError, match="run ref"):
        parse_node_ref("run:")
    with pytest.raises(InvalidRefError, match="artifact ref"):
        parse_node_ref("a:b:c")


def test_wandb_ref_forms() -> None:
    ref = parse_artifact_ref("my-team/mnist/mnist_dataset:latest")
    assert (ref.entity, ref.project, ref.name, ref.selector) == (
        "my-team", "mnist", "mnist_dataset", "latest")
    assert str(ref) == "mnist/mnist_dataset:latest"  # the entity names nothing here
    assert ref == parse_artifact_ref("mnist/mnist_dataset:latest").model_copy(
        update={"entity": "my-team"})
    assert parse_artifact_ref("e/p/n:v1").with_project("q").entity == "e"
    for text in ("wandb-registry-model/MNIST-dev:production", "model-registry/MNIST-dev:production",
                 "registry:MNIST-dev:production"):
        assert parse_node_ref(text) == RegistryRef(name="MNIST-dev", selector="production")
