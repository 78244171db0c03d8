"""The credit report as a PDF, drawn from the report's stored snapshot.

reportlab's built-in CID font STSong-Light renders Chinese without shipping a font file;
pypdf extracts its text intact, which the tests rely on.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, spaceAfter=6)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=13, leading=18, spaceBefore=8)
ITEM = ParagraphStyle("item", fontName=FONT, fontSize=11, leading=15, spaceBefore=6)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, textColor=colors.grey)


def _p(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(rows: list[tuple[Any, Any]]) -> Table:
    table = Table([[_p(a), _p(b)] for a, b in rows], colWidths=[45 * mm, 125 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _record(record: dict[str, Any]) -> list[Flowable]:
    title = f"{record['item_name']} · {record['source_key']}"
    if record["under_objection"]:
        title += f" [{_('Under objection')}]"
    rows: list[tuple[Any, Any]] = [tuple(pair) for pair in record["fields"]]
    # The decision date is one of the item's own fields above.
    rows += [
        (_("Published on"), record["published_on"] or "-"),
        (_("Displayed until"), record["display_until"] or "-"),
        (_("Disclosure class"), record["disclosure_class_label"]),
    ]
    return [_p(title, ITEM), _table(rows)]


def report_pdf(*, content: dict[str, Any], content_hash: str, verify_url: str) -> bytes:
    """The PDF bytes of one issued report."""
    subject = content["subject"]
    story: list[Flowable] = [
        _p(_("Public credit information report"), TITLE),
        _table(
            [
                (_("Report number"), content["number"]),
                (_("Issued"), content["issued_at"]),
                (_("Subject"), subject["name"]),
                (_("Unified social credit code"), subject["uscc"] or "-"),
                (_("Basis"), content["basis_label"]),
            ]
        ),
    ]
    for group in content["groups"]:
        story.append(_p(group["label"], HEADING))
        for record in group["records"]:
            story += _record(record)
    if not content["groups"]:
        story += [Spacer(1, 4 * mm), _p(_("No records are shown for this subject."))]
    story += [
        Spacer(1, 6 * mm),
        _p(_("Verify this report at %(url)s") % {"url": verify_url}, SMALL),
        _p(_("Content hash (SHA-256): %(hash)s") % {"hash": content_hash}, SMALL),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=content["number"], leftMargin=20 * mm, rightMargin=20 * mm
    )
    document.build(story)
    return buffer.getvalue()
