"""Submit rows or files and run the pipeline the way a worker would."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.models import CatalogueItem
from collection.models import Submission
from collection.services import submission_create, submission_process
from credit_platform.models import User


def submit_rows(
    user: User, item: CatalogueItem, rows: list[dict[str, Any]], **options: Any
) -> Submission:
    assert user.agency is not None
    submission = submission_create(
        agency=user.agency,
        item=item,
        submitter=user,
        channel=options.pop("channel", Submission.Channel.API),
        rows=rows,
        **options,
    )
    submission_process(submission_id=submission.pk)
    submission.refresh_from_db()
    return submission


def submit_file(
    user: User, item: CatalogueItem, content: bytes, name: str = "penalties.csv", **options: Any
) -> Submission:
    assert user.agency is not None
    submission = submission_create(
        agency=user.agency,
        item=item,
        submitter=user,
        channel=Submission.Channel.FILE,
        file=SimpleUploadedFile(name, content),
        **options,
    )
    submission_process(submission_id=submission.pk)
    submission.refresh_from_db()
    return submission
