"""Public catalogue pages and per-item downloads: anyone may read what is published."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalogue import schemas, selectors
from catalogue.models import CatalogueItem


def _catalogue_context(version: object, items: list[CatalogueItem]) -> dict[str, object]:
    return {"version": version, "groups": selectors.items_by_category(items)}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    version = selectors.version_in_force()
    items = selectors.version_items(version=version) if version else []
    return render(request, "catalogue/index.html", _catalogue_context(version, items))


@require_GET
def version_history(request: HttpRequest) -> HttpResponse:
    versions = selectors.public_versions().select_related("approver")
    return render(request, "catalogue/version_history.html", {"versions": versions})


@require_GET
def version_detail(request: HttpRequest, label: str) -> HttpResponse:
    version = selectors.public_version_get(label=label)
    items = selectors.version_items(version=version)
    return render(request, "catalogue/index.html", _catalogue_context(version, items))


@require_GET
def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.item_in_force_get(code=code)
    context = {"item": item, "disclosure_months": selectors.disclosure_months(item=item)}
    return render(request, "catalogue/item_detail.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def item_csv(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.item_in_force_get(code=code)
    return _download(
        schemas.csv_template(item),
        "text/csv; charset=utf-8",
        f"{item.code}-{item.version.label}.csv",
    )


@require_GET
def item_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.item_in_force_get(code=code)
    return _download(
        schemas.xlsx_template(item),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{item.code}-{item.version.label}.xlsx",
    )


def _json(data: object) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def item_json_schema(request: HttpRequest, code: str) -> JsonResponse:
    item = selectors.item_in_force_get(code=code)
    schema_id = request.build_absolute_uri(reverse("catalogue:item-schema", args=[item.code]))
    return _json(schemas.json_schema(item, schema_id=schema_id))


@require_GET
def item_table_schema(request: HttpRequest, code: str) -> JsonResponse:
    item = selectors.item_in_force_get(code=code)
    return _json(schemas.table_schema(item))
