"""Catalogue pages: the public catalogue under /catalogue/, the admin area under /manage/."""

from __future__ import annotations

from django.urls import path

from catalogue import manage_views as manage
from catalogue import views

app_name = "catalogue"

VERSION = "manage/catalogue/<str:label>/"
ITEM = VERSION + "items/<slug:code>/"
FIELD = ITEM + "fields/<slug:name>/"

urlpatterns = [
    path("catalogue/", views.index, name="index"),
    path("catalogue/versions/", views.version_history, name="version-history"),
    path("catalogue/versions/<str:label>/", views.version_detail, name="version-detail"),
    path("catalogue/items/<slug:code>/", views.item_detail, name="item-detail"),
    path("catalogue/items/<slug:code>/template.csv", views.item_csv, name="item-csv"),
    path("catalogue/items/<slug:code>/template.xlsx", views.item_xlsx, name="item-xlsx"),
    path("catalogue/items/<slug:code>/schema.json", views.item_json_schema, name="item-schema"),
    path(
        "catalogue/items/<slug:code>/table-schema.json",
        views.item_table_schema,
        name="item-table-schema",
    ),
    path("manage/catalogue/", manage.version_list, name="manage-versions"),
    path("manage/catalogue/new/", manage.version_new, name="manage-version-new"),
    path("manage/catalogue/diff/", manage.versions_diff, name="manage-diff"),
    path(VERSION, manage.version_detail, name="manage-version"),
    path(VERSION + "edit/", manage.version_edit, name="manage-version-edit"),
    path(VERSION + "history/", manage.version_history, name="manage-version-history"),
    path(VERSION + "submit/", manage.version_submit, name="manage-version-submit"),
    path(VERSION + "review/", manage.version_review, name="manage-version-review"),
    path(VERSION + "approve/", manage.version_approve, name="manage-version-approve"),
    path(VERSION + "send-back/", manage.version_send_back, name="manage-version-send-back"),
    path(VERSION + "publish/", manage.version_publish, name="manage-version-publish"),
    path(VERSION + "items/new/", manage.item_new, name="manage-item-new"),
    path(ITEM, manage.item_edit, name="manage-item"),
    path(ITEM + "remove/", manage.item_remove, name="manage-item-remove"),
    path(ITEM + "move/", manage.item_move, name="manage-item-move"),
    path(ITEM + "fields/new/", manage.field_new, name="manage-field-new"),
    path(FIELD, manage.field_edit, name="manage-field"),
    path(FIELD + "remove/", manage.field_remove, name="manage-field-remove"),
    path(FIELD + "move/", manage.field_move, name="manage-field-move"),
]
