"""Machine-readable forms of an item: JSON Schema 2020-12, Table Schema, CSV and XLSX templates.

The validator (catalogue.validation) is what decides; these describe the same rules to
agencies' systems so they can check records before sending them.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from catalogue.models import CatalogueItem, FieldSpec

T = FieldSpec.Type
USCC_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
RESIDENT_ID_PATTERN = "^[0-9]{17}[0-9X]$"
JSON_TYPES: dict[str, dict[str, Any]] = {
    T.STRING: {"type": "string"},
    T.TEXT: {"type": "string"},
    T.INTEGER: {"type": "integer"},
    T.DECIMAL: {"type": "number"},
    T.DATE: {"type": "string", "format": "date"},
    T.DATETIME: {"type": "string", "format": "date-time"},
    T.BOOLEAN: {"type": "boolean"},
    T.ENUM: {"type": "string"},
    T.MULTI_ENUM: {"type": "array", "uniqueItems": True, "minItems": 1},
    T.USCC: {"type": "string", "pattern": USCC_PATTERN},
    T.RESIDENT_ID: {"type": "string", "pattern": RESIDENT_ID_PATTERN},
    T.URL: {"type": "string", "format": "uri"},
}
BUILT_IN_PATTERNS: dict[str, str] = {T.USCC: USCC_PATTERN, T.RESIDENT_ID: RESIDENT_ID_PATTERN}
TABLE_TYPES: dict[str, str] = {
    T.INTEGER: "integer",
    T.DECIMAL: "number",
    T.DATE: "date",
    T.DATETIME: "datetime",
    T.BOOLEAN: "boolean",
}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _codes(spec: FieldSpec) -> list[str]:
    return [str(choice["code"]) for choice in spec.choices]


def _json_property(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "title": spec.label_zh,
        "description": spec.label_en,
        **JSON_TYPES.get(spec.type, {"type": "string"}),
    }
    limits = {
        "minLength": spec.min_length,
        "maxLength": spec.max_length,
        "minimum": _number(spec.min_value),
        "maximum": _number(spec.max_value),
    }
    schema.update({key: value for key, value in limits.items() if value is not None})
    if spec.pattern:
        schema["pattern"] = spec.pattern
    if spec.type == T.ENUM:
        schema["enum"] = _codes(spec)
    elif spec.type == T.MULTI_ENUM:
        schema["items"] = {"type": "string", "enum": _codes(spec)}
    if spec.sensitive:
        schema["x-sensitive"] = True
    return schema


def _conditional(rule: dict[str, Any], specs: dict[str, FieldSpec]) -> dict[str, Any] | None:
    """The required-if rules as if/then; the other rules compare values and stay in x-rules."""
    when = specs.get(rule.get("when", ""))
    if rule.get("rule") not in ("required_if_contains", "required_if_equals") or when is None:
        return None
    values = list(rule.get("values", []))
    test = {"contains": {"enum": values}} if when.type == T.MULTI_ENUM else {"enum": values}
    return {
        "if": {"properties": {when.name: test}, "required": [when.name]},
        "then": {"required": [rule["field"]]},
    }


def json_schema(item: CatalogueItem, schema_id: str = "") -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one record of the item."""
    specs = {spec.name: spec for spec in item.fields.all()}
    conditionals = [c for rule in item.cross_rules if (c := _conditional(rule, specs))]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": item.name_zh,
        "description": item.name_en,
        "type": "object",
        "properties": {name: _json_property(spec) for name, spec in specs.items()},
        "required": [name for name, spec in specs.items() if spec.required],
        "additionalProperties": False,
        "x-version": item.version.label,
        "x-key-field": item.key_field,
        "x-rules": item.cross_rules,
    }
    if schema_id:
        schema["$id"] = schema_id
    if conditionals:
        schema["allOf"] = conditionals
    return schema


def _table_constraints(spec: FieldSpec) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": spec.required}
    limits = {
        "minLength": spec.min_length,
        "maxLength": spec.max_length,
        "minimum": _number(spec.min_value),
        "maximum": _number(spec.max_value),
    }
    constraints.update({key: value for key, value in limits.items() if value is not None})
    pattern = spec.pattern or BUILT_IN_PATTERNS.get(spec.type, "")
    if pattern:
        constraints["pattern"] = pattern.strip("^$")
    if spec.type == T.ENUM:
        constraints["enum"] = _codes(spec)
    return constraints


def _table_field(spec: FieldSpec) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": spec.name,
        "title": spec.label_zh,
        "description": spec.label_en,
        "type": TABLE_TYPES.get(spec.type, "string"),
        "constraints": _table_constraints(spec),
    }
    if spec.type == T.MULTI_ENUM:
        # Several codes in one cell, separated by semicolons (the CSV template's convention).
        described["x-separator"] = ";"
        described["x-codes"] = _codes(spec)
    if spec.type == T.BOOLEAN:
        described.update(trueValues=["true", "1", "是"], falseValues=["false", "0", "否"])
    if spec.sensitive:
        described["x-sensitive"] = True
    return described


def table_schema(item: CatalogueItem) -> dict[str, Any]:
    """A Frictionless Table Schema for the item's CSV files."""
    return {
        "fields": [_table_field(spec) for spec in item.fields.all()],
        "missingValues": [""],
        "x-version": item.version.label,
        "x-key-field": item.key_field,
        "x-rules": item.cross_rules,
    }


def csv_template(item: CatalogueItem) -> bytes:
    """A header row of Chinese labels, UTF-8 with a BOM so spreadsheet programs read it."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spec.label_zh for spec in item.fields.all()])
    return buffer.getvalue().encode("utf-8-sig")


def _describe(spec: FieldSpec) -> list[Any]:
    constraints = _table_constraints(spec)
    constraints.pop("required")
    constraints.pop("enum", None)
    codes = "\n".join(
        f"{c['code']} {c.get('label_zh', '')} {c.get('label_en', '')}" for c in spec.choices
    )
    return [
        spec.name,
        spec.label_zh,
        spec.label_en,
        spec.get_type_display(),
        "是 / yes" if spec.required else "否 / no",
        ", ".join(f"{key}={value}" for key, value in constraints.items()),
        codes,
        "是 / yes" if spec.sensitive else "",
        spec.help_zh,
    ]


def xlsx_template(item: CatalogueItem) -> bytes:
    """A sheet with the header row, and a second sheet describing each field and code list."""
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = item.code[:31]
    data.append([spec.label_zh for spec in item.fields.all()])
    for cell in data[1]:
        cell.font = Font(bold=True)
    fields = book.create_sheet("字段说明 Fields")
    fields.append(
        [
            "字段名 Name",
            "中文名称",
            "English label",
            "类型 Type",
            "必填 Required",
            "约束 Constraints",
            "代码表 Codes",
            "敏感 Sensitive",
            "说明 Help",
        ]
    )
    for spec in item.fields.all():
        fields.append(_describe(spec))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
