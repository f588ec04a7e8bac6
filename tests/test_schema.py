"""The JSON Schema is generated from the model and every fixture's JSON validates against it."""

from __future__ import annotations

import json

import attrs
import jsonschema
import pytest

import zfxxgk
from zfxxgk import model
from zfxxgk.commands.parse import record
from zfxxgk.batch import Outcome
from zfxxgk.serialise import DECIMAL_TEXT
from zfxxgk.schema import json_schema

from conftest import fixture_files


def validator(**kw):
    schema = json_schema(**kw)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def report_validator():
    return validator()


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_every_fixture_validates(path, report_validator):
    data = json.loads(json.dumps(zfxxgk.to_dict(zfxxgk.parse_file(path)), ensure_ascii=False))
    errors = sorted(report_validator.iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_records_validate(tmp_path):
    v = validator(record=True)
    path = fixture_files()[0]
    v.validate(record(Outcome(str(path), zfxxgk.parse_file(path))))
    v.validate(record(Outcome(str(tmp_path / "x.txt"), error="cannot read")))
    with pytest.raises(jsonschema.ValidationError):
        v.validate({"source": "x"})


def test_generated_from_the_model():
    schema = json_schema()
    defs = schema["$defs"]
    for cls in (model.Report, model.Meta, model.Cell, model.Diagnostic, model.Section, model.Signature, model.Check):
        written = [f.name for f in attrs.fields(cls) if not f.metadata.get("not_serialised")]
        assert list(defs[cls.__name__]["properties"]) == written
        assert defs[cls.__name__]["additionalProperties"] is False
    assert "spec" not in defs["Report"]["properties"]  # kept in memory (Report.spec), never written
    assert defs["Section"]["properties"]["children"] == {"type": "array", "items": {"$ref": "#/$defs/Section"}}
    assert defs["Meta"]["properties"]["published"] == {"type": ["string", "null"], "format": "date"} or \
        defs["Meta"]["properties"]["published"] == {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
    assert defs["Diagnostic"]["properties"]["severity"]["enum"] == list(model.SEVERITIES)
    cell = defs["Cell"]["properties"]
    # a decimal with more digits than a JSON number keeps is written as its exact text (issue 11)
    assert cell["value"] == {"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_TEXT},
                                       {"type": "null"}]} and cell["line"] == {"type": "integer"}
    applications = defs["Report"]["properties"]["applications"]
    assert applications == {"type": "object", "additionalProperties": {"type": "object",
                                                                        "additionalProperties": {"$ref": "#/$defs/Cell"}}}


def test_rejects_what_from_dict_rejects(report_validator):
    data = zfxxgk.to_dict(zfxxgk.parse_file(fixture_files()[0]))
    bad = json.loads(json.dumps(data))
    bad["meta"]["year"] = "2020"
    assert not report_validator.is_valid(bad)
    bad = json.loads(json.dumps(data))
    bad["extra"] = 1
    assert not report_validator.is_valid(bad)
    bad = json.loads(json.dumps(data))
    bad["meta"]["published"] = "2021-13-45"
    assert not report_validator.is_valid(bad)


def test_diagnostic_fields_are_optional_and_typed(report_validator):
    diag = json_schema()["$defs"]["Diagnostic"]
    assert diag["required"] == ["severity", "code", "message", "line", "cells"]
    props = diag["properties"]
    for name in ("column", "expected", "found"):
        assert props[name] == {"type": ["integer", "null"]}
    for name in ("table", "item", "row", "column_key"):
        assert props[name] == {"type": ["string", "null"]}
    data = json.loads(json.dumps(zfxxgk.to_dict(zfxxgk.parse_file(fixture_files()[0]))))
    data["diagnostics"] = [{"severity": "error", "code": "cell-count", "message": "m", "line": 3, "cells": [],
                            "column": 5, "table": "applications", "row": "granted", "expected": 7, "found": 6}]
    assert report_validator.is_valid(data)
    data["diagnostics"][0]["found"] = "6"
    assert not report_validator.is_valid(data)
