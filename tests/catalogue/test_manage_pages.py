"""The admin-area pages: drafting, editing, review with the diff, publication; every URL by role."""

from __future__ import annotations

import pytest

from catalogue.models import CatalogueVersion, FieldSpec
from tests.catalogue.conftest import penalty_item
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db
BASE = "/manage/catalogue/"

ITEM_DATA = {
    "code": "tax-arrears",
    "name_zh": "欠税信息",
    "name_en": "Tax arrears",
    "category": "tax",
    "subject_kinds": ["legal_person"],
    "providing_agencies": [],
    "disclosure_level": "public",
    "disclosure_class": "general",
    "update_frequency": "monthly",
    "key_field": "notice_number",
    "cross_rules": '[{"rule": "not_future", "field": "announcement_date"}]',
}


def test_admin_starts_a_copy_of_the_version_in_force(
    personas: Personas, published: CatalogueVersion
) -> None:
    response = client_for(personas.admin).post(
        BASE + "new/", {"label": "2026.2", "change_note": "next", "copy_in_force": "on"}
    )
    assert response.status_code == 302
    assert CatalogueVersion.objects.get(label="2026.2").items.count() == 1


def test_a_bad_label_is_a_form_error(personas: Personas) -> None:
    response = client_for(personas.admin).post(BASE + "new/", {"label": "../x"})
    assert response.status_code == 200
    assert not CatalogueVersion.objects.exists()


def test_admin_adds_an_item_in_the_editor(personas: Personas, draft: CatalogueVersion) -> None:
    data = {**ITEM_DATA, "providing_agencies": [personas.agency_b.pk]}
    response = client_for(personas.admin).post(BASE + "2026.1/items/new/", data)
    assert response.status_code == 302
    item = draft.items.get(code="tax-arrears")
    assert item.cross_rules == [{"rule": "not_future", "field": "announcement_date"}]
    assert list(item.providing_agencies.all()) == [personas.agency_b]


def test_bad_cross_rules_json_is_a_form_error(personas: Personas, draft: CatalogueVersion) -> None:
    data = {**ITEM_DATA, "cross_rules": "{not json"}
    response = client_for(personas.admin).post(BASE + "2026.1/items/new/", data)
    assert response.status_code == 200
    assert not draft.items.filter(code="tax-arrears").exists()


def test_an_unknown_cross_rule_is_a_message_not_a_500(
    personas: Personas, draft: CatalogueVersion
) -> None:
    data = {**ITEM_DATA, "cross_rules": '[{"rule": "nope"}]'}
    response = client_for(personas.admin).post(BASE + "2026.1/items/new/", data)
    assert response.status_code == 200
    assert "msg-error" in response.content.decode()


def test_admin_adds_a_code_list_field_with_lines(
    personas: Personas, draft: CatalogueVersion
) -> None:
    data = {
        "name": "penalty_categories",
        "label_zh": "处罚类别",
        "label_en": "Penalty categories",
        "type": "multi_enum",
        "required": "on",
        "codes": "01|警告|Warning\n03|罚款|Fine\n",
    }
    url = BASE + "2026.1/items/administrative-penalty/fields/new/"
    assert client_for(personas.admin).post(url, data).status_code == 302
    spec = FieldSpec.objects.get(name="penalty_categories")
    assert spec.choices[1] == {"code": "03", "label_zh": "罚款", "label_en": "Fine"}


def test_a_malformed_code_line_is_a_form_error(personas: Personas, draft: CatalogueVersion) -> None:
    data = {"name": "k", "label_zh": "类", "label_en": "Kind", "type": "enum", "codes": "01|only"}
    url = BASE + "2026.1/items/administrative-penalty/fields/new/"
    response = client_for(personas.admin).post(url, data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_a_bad_regular_expression_is_a_form_error(
    personas: Personas, draft: CatalogueVersion
) -> None:
    data = {"name": "k", "label_zh": "类", "label_en": "Kind", "type": "string", "pattern": "(["}
    url = BASE + "2026.1/items/administrative-penalty/fields/new/"
    assert client_for(personas.admin).post(url, data).status_code == 200
    assert not FieldSpec.objects.filter(name="k").exists()


def test_admin_submits_from_the_version_page(personas: Personas, draft: CatalogueVersion) -> None:
    client_for(personas.admin).post(BASE + "2026.1/submit/")
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_review_page_shows_the_diff(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    from tests.catalogue.factories import complete_item

    complete_item(version=next_draft, code="tax-arrears", name_zh="欠税信息")
    page = client_for(personas.approver).get(BASE + "2026.2/review/").content.decode()
    assert "欠税信息" in page and "tax-arrears" in page


def test_approver_approves_on_the_review_page(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    response = client_for(personas.approver).post(BASE + "2026.1/approve/", {"comment": "同意"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved"


def test_send_back_without_a_reason_is_a_form_error(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    response = client_for(personas.approver).post(BASE + "2026.1/send-back/", {"reason": ""})
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_approver_sends_back_with_a_reason(personas: Personas, submitted: CatalogueVersion) -> None:
    client_for(personas.approver).post(BASE + "2026.1/send-back/", {"reason": "补充依据"})
    submitted.refresh_from_db()
    assert submitted.status == "draft"


def test_admin_publishes_with_an_effective_date(
    personas: Personas, approved: CatalogueVersion
) -> None:
    response = client_for(personas.admin).post(
        BASE + "2026.1/publish/", {"effective_from": "2026-03-01"}
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == "published"


def test_a_bad_effective_date_is_a_form_error(
    personas: Personas, approved: CatalogueVersion
) -> None:
    response = client_for(personas.admin).post(BASE + "2026.1/publish/", {"effective_from": "x"})
    assert response.status_code == 200


def test_history_page_lists_the_transitions(personas: Personas, approved: CatalogueVersion) -> None:
    page = client_for(personas.admin).get(BASE + "2026.1/history/").content.decode()
    assert "approver-p" in page


def test_admin_moves_and_removes_items(personas: Personas, draft: CatalogueVersion) -> None:
    client = client_for(personas.admin)
    client.post(BASE + "2026.1/items/administrative-penalty/move/", {"offset": "1"})
    client.post(BASE + "2026.1/items/administrative-penalty/remove/")
    assert draft.items.count() == 0


def test_manage_home_links_the_catalogue(personas: Personas) -> None:
    page = client_for(personas.admin).get("/manage/").content.decode()
    assert BASE in page


NONE = {"anonymous": 302, "public": 403, "submitter_a": 403, "submitter_b": 403}
READ = {**NONE, "approver": 200, "admin": 200}
ADMIN_ONLY = {**NONE, "approver": 403, "admin": 200}
PUBLIC = {
    role: 200 for role in ("anonymous", "public", "submitter_a", "submitter_b", "approver", "admin")
}
ITEM = "2026.2/items/administrative-penalty/"
FIELD = ITEM + "fields/decision_number/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/catalogue/", PUBLIC),
        ("/catalogue/versions/", PUBLIC),
        ("/catalogue/versions/2026.1/", PUBLIC),
        ("/catalogue/versions/2026.2/", {"anonymous": 404, "admin": 404}),
        ("/catalogue/items/administrative-penalty/", PUBLIC),
        ("/catalogue/items/administrative-penalty/template.csv", PUBLIC),
        ("/catalogue/items/administrative-penalty/template.xlsx", PUBLIC),
        ("/catalogue/items/administrative-penalty/schema.json", PUBLIC),
        ("/catalogue/items/administrative-penalty/table-schema.json", PUBLIC),
        ("/catalogue/items/no-such-item/", {"anonymous": 404}),
        ("/api/v1/catalogue/", PUBLIC),
        ("/api/v1/catalogue/versions/", PUBLIC),
        ("/api/v1/catalogue/versions/2026.1/", PUBLIC),
        ("/api/v1/catalogue/versions/2026.2/", {"anonymous": 404, "admin": 404}),
        ("/api/v1/catalogue/items/administrative-penalty/", PUBLIC),
        ("/api/v1/catalogue/items/administrative-penalty/schema.json", PUBLIC),
        ("/api/v1/catalogue/items/administrative-penalty/table-schema.json", PUBLIC),
        (BASE, READ),
        (BASE + "new/", ADMIN_ONLY),
        (BASE + "diff/?before=2026.1&after=2026.2", READ),
        (BASE + "2026.2/", READ),
        (BASE + "2026.2/edit/", ADMIN_ONLY),
        (BASE + "2026.2/history/", READ),
        (BASE + "2026.2/review/", READ),
        (BASE + "2026.2/publish/", ADMIN_ONLY),
        (BASE + "2026.2/items/new/", ADMIN_ONLY),
        (BASE + ITEM, READ),
        (BASE + ITEM + "fields/new/", ADMIN_ONLY),
        (BASE + FIELD, READ),
        (BASE + "no-such/", {"approver": 404, "admin": 404}),
    ],
)
def test_catalogue_urls_by_role(
    personas: Personas, next_draft: CatalogueVersion, url: str, expected: dict[str, int]
) -> None:
    users = personas.by_name()
    for role, status in expected.items():
        assert client_for(users[role]).get(url).status_code == status, (url, role)


POST_ONLY = [
    "2026.2/submit/",
    "2026.2/approve/",
    "2026.2/send-back/",
    ITEM + "remove/",
    ITEM + "move/",
    FIELD + "remove/",
    FIELD + "move/",
]
APPROVER_POSTS = {"2026.2/approve/", "2026.2/send-back/"}


@pytest.mark.parametrize("path", POST_ONLY)
def test_workflow_posts_by_role(
    personas: Personas, next_draft: CatalogueVersion, path: str
) -> None:
    allowed = "approver" if path in APPROVER_POSTS else "admin"
    users = personas.by_name()
    assert client_for(users["admin"]).get(BASE + path).status_code == 405
    for role in ("public", "submitter_a", "submitter_b", "approver", "admin"):
        if role == allowed:
            continue
        assert client_for(users[role]).post(BASE + path).status_code == 403, (path, role)
    assert client_for(None).post(BASE + path).status_code == 302
    assert penalty_item(next_draft).fields.filter(name="decision_number").exists()
