"""Credit reports: issued from the profile, printable, a PDF in Chinese, verified by number."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from credit_platform.models import Subject
from credit_platform.services import ServiceError
from disclosure.models import CreditReport, Inquiry
from disclosure.services.reports import report_content_hash, report_issue
from tests.conftest import client_for
from tests.disclosure.factories import natural_person, organisation, representative_of
from tests.disclosure.records import RESIDENT_ID, Catalogue, catalogue, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat(db: None) -> Catalogue:
    return catalogue()


@pytest.fixture
def subject(db: None) -> Subject:
    return organisation("海南椰风食品有限公司")


def _issue(client: Client, subject: Subject) -> CreditReport:
    response = client.post(f"/subjects/{subject.pk}/report/")
    assert response.status_code == 302
    report = CreditReport.objects.latest("id")
    assert response["Location"] == f"/reports/{report.number}/"
    return report


def test_anyone_issues_a_public_report_and_it_is_logged(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    record(subject, cat.public, cat.agency, 1)
    record(subject, cat.authorised, cat.agency, 2)
    report = _issue(client, subject)
    assert report.number.startswith("CR-") and report.basis == "public"
    assert report.issued_to is None and report.subject == subject
    items = [r["item_code"] for g in report.content["groups"] for r in g["records"]]
    assert items == ["admin-penalty"]
    assert report.content_hash == report_content_hash(report.content)
    inquiry = Inquiry.objects.get(what="report")
    assert (inquiry.basis, inquiry.detail) == ("public", {"report": report.number})


def test_a_representative_gets_the_own_report_with_authorised_items(
    cat: Catalogue, subject: Subject
) -> None:
    record(subject, cat.public, cat.agency, 1)
    record(subject, cat.authorised, cat.agency, 2)
    rep = representative_of(subject)
    report = _issue(client_for(rep), subject)
    assert (report.basis, report.issued_to) == ("own", rep)
    items = {r["item_code"] for g in report.content["groups"] for r in g["records"]}
    assert items == {"admin-penalty", "tax-arrears"}
    assert RESIDENT_ID in str(report.content)  # the subject's own report is unmasked
    assert client_for(rep).get(f"/reports/{report.number}/").status_code == 200
    assert Client().get(f"/reports/{report.number}/").status_code == 404


def test_the_printable_page_shows_the_snapshot(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    record(subject, cat.public, cat.agency, 1)
    report = _issue(client, subject)
    html = client.get(f"/reports/{report.number}/").content.decode()
    assert report.number in html and "海南椰风食品有限公司" in html and "行政处罚信息" in html
    assert report.content_hash in html and f"/reports/verify/{report.number}/" in html
    assert "report.css" in html and RESIDENT_ID not in html


def test_the_pdf_carries_chinese_text_number_and_verification(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    record(subject, cat.public, cat.agency, 1, under_objection=True)
    report = _issue(client, subject)
    response = client.get(f"/reports/{report.number}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("海南椰风食品有限公司", "行政处罚信息", "违法事实", "未按规定公示年度报告"):
        assert expected in text
    assert "公共信用信息报告" in text and "异议处理中" in text
    assert report.number in text and f"/reports/verify/{report.number}/" in text
    assert RESIDENT_ID not in text


def test_verify_confirms_number_subject_and_hash(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    report = _issue(client, subject)
    page = client.get(f"/reports/verify/{report.number}/").content.decode()
    assert report.number in page and "海南椰风食品有限公司" in page and report.content_hash in page
    good = client.get(f"/reports/verify/{report.number}/", {"hash": report.content_hash.upper()})
    assert 'id="hash-result"' in good.content.decode() and "verify-ok" in good.content.decode()
    bad = client.get(f"/reports/verify/{report.number}/", {"hash": "0" * 64}).content.decode()
    assert "verify-bad" in bad


def test_verify_says_not_found_for_an_unknown_number(client: Client, cat: Catalogue) -> None:
    response = client.get("/reports/verify/CR-2026-NOPE0000/")
    assert response.status_code == 404 and 'id="verify-missing"' in response.content.decode()
    lookup = client.get("/reports/verify/", {"number": "CR-2026-NOPE0000"})
    assert lookup["Location"] == "/reports/verify/CR-2026-NOPE0000/"


def test_natural_persons_have_no_public_report(cat: Catalogue) -> None:
    person = natural_person()
    assert Client().post(f"/subjects/{person.pk}/report/").status_code == 404
    with pytest.raises(ServiceError):
        report_issue(subject=person, basis="public")
    assert not CreditReport.objects.exists()


def test_the_own_report_is_for_a_representative_only(cat: Catalogue, subject: Subject) -> None:
    with pytest.raises(ServiceError):
        report_issue(subject=subject, basis="own")
    with pytest.raises(ServiceError):
        report_issue(subject=subject, basis="government")
