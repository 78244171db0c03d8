"""Commitment templates: admin-only, declared variables, never edited once signed."""

from __future__ import annotations

from typing import Any

import pytest

from commitments import services
from commitments.models import CommitmentTemplate
from commitments.rendering import substitute
from credit_platform.services import ServiceError
from tests.commitments.conftest import World
from tests.commitments.factories import sign
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def data(personas: Personas, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "voluntary",
        "code": "honest-service",
        "agency": personas.agency_a,
        "variables": [{"name": "area", "label_zh": "范围", "label_en": "Area"}],
        "body_zh": "{{subject_name}}在{{area}}诚信经营",
        "body_en": "{{subject_name}} is honest in {{area}}",
    }
    for field in ("title", "matter", "conditions", "verification", "consequences"):
        values[f"{field}_zh"] = f"{field} 中文"
        values[f"{field}_en"] = f"{field} English"
    values.update(overrides)
    return values


def test_admin_creates_a_template(personas: Personas) -> None:
    template = services.template_create(actor=personas.admin, data=data(personas))
    assert template.version == 1 and template.active


def test_non_admin_cannot_create_a_template(personas: Personas) -> None:
    with pytest.raises(ServiceError):
        services.template_create(actor=personas.approver, data=data(personas))


def test_undeclared_variable_in_the_text_is_refused(personas: Personas) -> None:
    with pytest.raises(ServiceError, match=r"undeclared|licence"):
        services.template_create(
            actor=personas.admin, data=data(personas, body_en="for {{licence}}")
        )


def test_built_in_variable_cannot_be_redeclared(personas: Personas) -> None:
    variables = [{"name": "subject_name", "label_zh": "名称", "label_en": "Name"}]
    with pytest.raises(ServiceError):
        services.template_create(actor=personas.admin, data=data(personas, variables=variables))


def test_unused_template_is_edited_in_place(world: World) -> None:
    edited = services.template_update(
        actor=world.personas.admin,
        template=world.template,
        data=data(world.personas, code=world.template.code, title_en="Edited"),
    )
    assert edited.pk == world.template.pk
    assert edited.title_en == "Edited"


def test_signed_template_is_never_edited_in_place(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    edited = services.template_update(
        actor=world.personas.admin,
        template=world.template,
        data=data(world.personas, code=world.template.code, title_en="Edited"),
    )
    world.template.refresh_from_db()
    assert edited.pk != world.template.pk
    assert edited.version == world.template.version + 1
    assert world.template.title_en == "Notify-and-commit letter"
    assert not world.template.active and edited.active
    commitment.refresh_from_db()
    assert commitment.template_id == world.template.pk
    assert commitment.title_en == "Notify-and-commit letter"


def test_an_old_version_cannot_be_edited(world: World) -> None:
    sign(world.representative, world.subject, world.template)
    services.template_update(
        actor=world.personas.admin,
        template=world.template,
        data=data(world.personas, code=world.template.code),
    )
    with pytest.raises(ServiceError, match="latest"):
        services.template_update(
            actor=world.personas.admin,
            template=world.template,
            data=data(world.personas, code=world.template.code),
        )


def test_deactivated_template_cannot_be_signed(world: World) -> None:
    services.template_deactivate(actor=world.personas.admin, template=world.template)
    with pytest.raises(ServiceError, match="no longer"):
        sign(world.representative, world.subject, world.template)


def test_deactivating_twice_is_refused(world: World) -> None:
    services.template_deactivate(actor=world.personas.admin, template=world.template)
    with pytest.raises(ServiceError):
        services.template_deactivate(actor=world.personas.admin, template=world.template)


def test_substitution_is_single_pass_plain_text() -> None:
    text = substitute("A {{x}} B {{y}}", {"x": "{{y}}<b>", "y": "Y"})
    assert text == "A {{y}}<b> B Y"


def test_admin_page_creates_a_template(personas: Personas) -> None:
    form = data(personas, agency=personas.agency_a.pk, variables="area | 范围 | Area")
    response = client_for(personas.admin).post("/commitments/manage/templates/new/", form)
    assert response.status_code == 302
    template = CommitmentTemplate.objects.get(code="honest-service")
    assert template.variables == [{"name": "area", "label_zh": "范围", "label_en": "Area"}]


def test_admin_page_edit_of_a_signed_template_makes_a_new_version(world: World) -> None:
    sign(world.representative, world.subject, world.template)
    form = data(
        world.personas,
        agency=world.personas.agency_a.pk,
        variables="licence_item | 许可事项 | Licence item",
        body_zh="{{subject_name}} {{licence_item}}",
        body_en="{{subject_name}} {{licence_item}}",
    )
    url = f"/commitments/manage/templates/{world.template.pk}/edit/"
    assert client_for(world.personas.admin).post(url, form).status_code == 302
    assert CommitmentTemplate.objects.filter(code=world.template.code).count() == 2


def test_demo_templates_load_once_in_both_languages(personas: Personas) -> None:
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")
    templates = CommitmentTemplate.objects.filter(created_by__username="admin")
    assert sorted(templates.values_list("kind", flat=True)) == [
        "application",
        "repair",
        "voluntary",
    ]
    assert all(t.body_zh and t.body_en and t.consequences_en for t in templates)


def test_database_refuses_editing_a_signed_template_version(world: World) -> None:
    from django.db import DatabaseError, transaction

    sign(world.representative, world.subject, world.template)
    with pytest.raises(DatabaseError, match="new version"), transaction.atomic():
        CommitmentTemplate.objects.filter(pk=world.template.pk).update(body_zh="改过的正文")


def test_database_allows_deactivating_a_signed_template_version(world: World) -> None:
    sign(world.representative, world.subject, world.template)
    services.template_deactivate(actor=world.personas.admin, template=world.template)
    world.template.refresh_from_db()
    assert not world.template.active
