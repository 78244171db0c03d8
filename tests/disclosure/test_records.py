"""The one disclosure rule: levels by viewer, status, the window, masking, and its query count."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import PolicySetting
from collection.models import CreditRecord
from collection.tasks import expire_records
from credit_platform.models import Subject, User
from disclosure.models import Authorisation, Inquiry
from disclosure.selectors.records import PUBLIC_VIEWER, Viewer, records_by_category
from disclosure.selectors.repair import repair_opens_on, repair_periods
from disclosure.services.authorisation import authorisation_issue
from tests.conftest import Personas, client_for
from tests.disclosure.factories import natural_person, organisation, representative_of
from tests.disclosure.records import SENSITIVE, Catalogue, catalogue, record

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cat(db: None) -> Catalogue:
    return catalogue()


@pytest.fixture
def subject(db: None) -> Subject:
    return organisation("海南椰风食品有限公司")


def _shown(subject: Subject, viewer: Viewer = PUBLIC_VIEWER) -> list[int]:
    return [r.id for g in records_by_category(subject=subject, viewer=viewer) for r in g.records]


def _code(subject: Subject, rep: User, **scope: object) -> tuple[Authorisation, str]:
    return authorisation_issue(
        subject=subject,
        issuer=rep,
        grantee="某银行",
        expires_at=timezone.now() + datetime.timedelta(days=5),
        **scope,  # type: ignore[arg-type]
    )


# --- Status, level and window ---------------------------------------------------------------


def test_only_active_records_are_shown(cat: Catalogue, subject: Subject) -> None:
    shown = record(subject, cat.public, cat.agency, 1)
    for n, status in enumerate(["repaired", "expired"], start=2):
        record(subject, cat.public, cat.agency, n, status=status)
    record(subject, cat.public, cat.agency, 9, status="revoked", revoked_reason="annulled")
    assert _shown(subject) == [shown.pk]


def test_items_not_public_are_hidden_from_the_public(cat: Catalogue, subject: Subject) -> None:
    public = record(subject, cat.public, cat.agency, 1)
    authorised = record(subject, cat.authorised, cat.agency, 2)
    government = record(subject, cat.government, cat.agency, 3)
    assert _shown(subject) == [public.pk]
    assert set(_shown(subject, Viewer(basis="own"))) == {public.pk, authorised.pk}
    assert set(_shown(subject, Viewer(basis="government"))) == {
        public.pk,
        authorised.pk,
        government.pk,
    }


def test_a_code_opens_only_the_items_it_covers(cat: Catalogue, subject: Subject) -> None:
    rep = representative_of(subject)
    public = record(subject, cat.public, cat.agency, 1)
    tax = record(subject, cat.authorised, cat.agency, 2)
    everything, _code_text = _code(subject, rep, all_items=True)
    elsewhere = Authorisation.objects.create(
        subject=subject,
        issued_by=rep,
        code_hash="0" * 64,
        code_hint="0000",
        item_codes=["another-item"],
        grantee="某银行",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert set(_shown(subject, Viewer(basis="authorised", authorisation=everything))) == {
        public.pk,
        tax.pk,
    }
    assert _shown(subject, Viewer(basis="authorised", authorisation=elsewhere)) == [public.pk]
    assert _shown(subject, Viewer(basis="authorised")) == [public.pk]


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (datetime.date(2026, 3, 9), False),  # the day before publication
        (datetime.date(2026, 3, 10), True),  # published_on
        (datetime.date(2027, 3, 10), True),  # display_until, the last day shown
        (datetime.date(2027, 3, 11), False),  # the day after
    ],
)
def test_disclosure_window_edges(
    cat: Catalogue, subject: Subject, day: datetime.date, shown: bool
) -> None:
    created = record(subject, cat.public, cat.agency, 1)
    # Late evening in Hainan: the platform's date, not UTC's, decides.
    moment = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        assert (_shown(subject) == [created.pk]) is shown


def test_a_record_past_its_window_is_hidden_before_the_nightly_task_runs(
    cat: Catalogue, subject: Subject
) -> None:
    created = record(subject, cat.public, cat.agency, 1, display_until=datetime.date(2026, 3, 31))
    moment = datetime.datetime(2026, 4, 1, 0, 5, tzinfo=SHANGHAI)  # before the 00:30 run
    with time_machine.travel(moment, tick=False):
        assert _shown(subject) == []
        assert CreditRecord.objects.get(pk=created.pk).status == "active"
        assert expire_records() == 1  # the beat task, run as a worker would
        assert _shown(subject) == []
    assert CreditRecord.objects.get(pk=created.pk).status == "expired"


def test_the_end_of_display_task_is_on_the_beat_schedule() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["expire-credit-records"]
    assert entry["task"] == "collection.tasks.expire_records"
    assert entry["task"] == expire_records.name


def test_a_record_without_an_end_date_stays_shown(cat: Catalogue, subject: Subject) -> None:
    created = record(subject, cat.public, cat.agency, 1, display_until=None)
    assert _shown(subject) == [created.pk]


# --- How a record reads ---------------------------------------------------------------------


def test_fields_follow_the_catalogue_order_with_code_labels(
    cat: Catalogue, subject: Subject
) -> None:
    record(subject, cat.public, cat.agency, 1)
    (group,) = records_by_category(subject=subject, viewer=PUBLIC_VIEWER)
    (view,) = group.records
    labels = [label for label, _value in view.fields]
    # The subject's own fields are left out: the page shows the subject once, above.
    assert labels[:2] == ["行政处罚决定书文号", "处罚类别"]
    assert "行政相对人名称" not in labels and "行政相对人类别" not in labels
    values = dict(view.fields)
    assert values["处罚类别"] == "罚款"
    assert (group.category, view.item_name, view.category) == ("penalty", "行政处罚信息", "penalty")


def test_repair_opens_after_the_minimum_period_of_the_class(
    cat: Catalogue, subject: Subject
) -> None:
    general = record(subject, cat.public, cat.agency, 1)
    serious = record(subject, cat.public, cat.agency, 2, disclosure_class="serious")
    minor = record(subject, cat.public, cat.agency, 3, disclosure_class="minor")
    periods = repair_periods()
    assert repair_opens_on(general, periods) == datetime.date(2026, 6, 10)
    assert repair_opens_on(serious, periods) == datetime.date(2027, 3, 10)
    assert repair_opens_on(minor, periods) is None
    PolicySetting.objects.filter(key="disclosure_from_decision_date").update(value=1)
    assert repair_opens_on(general, repair_periods()) == datetime.date(2026, 6, 5)


# --- The masking matrix ---------------------------------------------------------------------

VIEWERS = ["anonymous", "other_user", "third_party_code", "representative", "staff_purpose"]
UNMASKED = {"representative", "staff_purpose"}


def _page_as(role: str, subject: Subject, personas: Personas) -> str:
    url = f"/subjects/{subject.pk}/"
    rep = representative_of(subject)
    if role == "anonymous":
        return Client().get(url).content.decode()
    if role == "other_user":
        return client_for(personas.public).get(url).content.decode()
    if role == "representative":
        return client_for(rep).get(url).content.decode()
    if role == "staff_purpose":
        staff = client_for(personas.submitter_a)
        return staff.post(url, {"purpose": "行政许可审查"}).content.decode()
    _grant, code = _code(subject, rep, all_items=True)
    return Client().post(url, {"code": code}).content.decode()


@pytest.mark.parametrize("role", VIEWERS)
def test_masking_matrix(cat: Catalogue, subject: Subject, personas: Personas, role: str) -> None:
    """Every sensitive field type, as each kind of viewer sees it on the profile."""
    record(subject, cat.public, cat.agency, 1)
    page = _page_as(role, subject, personas)
    assert "琼市监罚〔2026〕1号" in page
    for field, _type, _label, value, masked in SENSITIVE:
        if role in UNMASKED:
            assert value in page, field
        else:
            assert value not in page and masked in page, field


# --- The profile page -----------------------------------------------------------------------


def test_profile_groups_records_and_marks_objections(cat: Catalogue, subject: Subject) -> None:
    record(subject, cat.public, cat.agency, 1, under_objection=True)
    page = Client().get(f"/subjects/{subject.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert 'id="records"' in html and "行政处罚信息" in html and "未按规定公示年度报告" in html
    assert "data-objection" in html and "异议处理中" in html
    assert html.index('id="records"') < html.index('id="commitments"')


def test_a_code_reveals_authorised_items_and_is_logged_as_proof(
    cat: Catalogue, subject: Subject
) -> None:
    rep = representative_of(subject)
    record(subject, cat.authorised, cat.agency, 7)
    grant, code = _code(subject, rep, item_codes=["tax-arrears"])
    client = Client()
    assert "欠税信息" not in client.get(f"/subjects/{subject.pk}/").content.decode()
    html = client.post(f"/subjects/{subject.pk}/", {"code": code}).content.decode()
    assert "欠税信息" in html and "琼市监罚〔2026〕7号" in html
    inquiry = Inquiry.objects.filter(basis="authorised").get()
    assert (inquiry.authorisation, inquiry.detail["items"]) == (grant, ["tax-arrears"])
    grant.refresh_from_db()
    assert grant.uses == 1


def test_a_wrong_code_shows_public_items_only(cat: Catalogue, subject: Subject) -> None:
    record(subject, cat.authorised, cat.agency, 7)
    html = Client().post(f"/subjects/{subject.pk}/", {"code": "AAAA-BBBB"}).content.decode()
    assert "欠税信息" not in html and 'id="code-form"' in html
    assert Inquiry.objects.get().basis == "public"


def test_staff_see_government_items_after_stating_a_purpose(
    cat: Catalogue, subject: Subject, personas: Personas
) -> None:
    record(subject, cat.government, cat.agency, 8)
    client = client_for(personas.submitter_a)
    assert "税务稽查信息" not in client.get(f"/subjects/{subject.pk}/").content.decode()
    html = client.post(f"/subjects/{subject.pk}/", {"purpose": "联合惩戒核查"}).content.decode()
    assert "税务稽查信息" in html
    inquiry = Inquiry.objects.filter(basis="government").get()
    assert inquiry.purpose == "联合惩戒核查" and inquiry.viewer == personas.submitter_a


def test_a_purpose_from_someone_not_staff_changes_nothing(
    cat: Catalogue, subject: Subject, personas: Personas
) -> None:
    record(subject, cat.government, cat.agency, 8)
    html = client_for(personas.public).post(f"/subjects/{subject.pk}/", {"purpose": "随便看看看"})
    assert "税务稽查信息" not in html.content.decode()
    assert Inquiry.objects.get().basis == "public"


def _profile_queries(subject: Subject) -> int:
    client = Client()
    client.get(f"/subjects/{subject.pk}/")  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/subjects/{subject.pk}/").status_code == 200
    return len(queries)


def test_profile_query_count_does_not_grow_with_records(cat: Catalogue, subject: Subject) -> None:
    record(subject, cat.public, cat.agency, 0)
    one = _profile_queries(subject)
    for n in range(1, 30):
        record(subject, cat.public, cat.agency, n)
    assert CreditRecord.objects.filter(subject=subject).count() == 30
    assert _profile_queries(subject) == one


# --- Authorised inquiry by code alone -------------------------------------------------------


def test_a_natural_person_is_seen_only_by_code_and_only_what_it_covers(cat: Catalogue) -> None:
    person = natural_person("符海南", seq="777")
    rep = representative_of(person)
    record(person, cat.authorised, cat.agency, 8)
    record(person, cat.government, cat.agency, 9)
    grant, code = _code(person, rep, item_codes=["tax-arrears"])
    client = Client()
    assert client.get(f"/subjects/{person.pk}/").status_code == 404  # not on the open site
    assert client.get("/inquiry/authorised/").status_code == 200
    html = client.post("/inquiry/authorised/", {"code": code.lower()}).content.decode()
    assert "符海南" in html and "欠税信息" in html and "琼市监罚〔2026〕8号" in html
    assert "琼市监罚〔2026〕9号" not in html  # government sharing stays with agencies
    assert str(person.id_number) not in html  # the identity number stays masked
    inquiry = Inquiry.objects.get()
    assert (inquiry.basis, inquiry.authorisation, inquiry.subject) == ("authorised", grant, person)


def test_an_unknown_or_revoked_code_shows_nothing_and_says_why(cat: Catalogue) -> None:
    person = natural_person("符海南", seq="778")
    rep = representative_of(person)
    record(person, cat.authorised, cat.agency, 8)
    grant, code = _code(person, rep, all_items=True)
    Authorisation.objects.filter(pk=grant.pk).update(revoked_at=timezone.now(), revoked_by=rep)
    for typed in (code, "AAAA-BBBB-CCCC-DDDD", ""):
        response = Client().post("/inquiry/authorised/", {"code": typed})
        html = response.content.decode()
        assert response.status_code == 200 and "符海南" not in html
        assert 'class="errorlist' in html
    assert not Inquiry.objects.exists()
