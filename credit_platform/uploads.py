"""Uploaded evidence files: type decided by the bytes, not the name or the browser's claim."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

# (magic prefix, content type, accepted extensions)
_SIGNATURES: list[tuple[bytes, str, tuple[str, ...]]] = [
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
]
EVIDENCE_TYPES = ("application/pdf", "image/png", "image/jpeg")


def max_upload_bytes() -> int:
    """The size limit for one evidence file (settings.EVIDENCE_MAX_BYTES, default 5 MiB)."""
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 5 * 1024 * 1024))


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    name: str


def check_evidence(upload: UploadedFile) -> CheckedUpload:
    """A PDF, PNG or JPEG within the size limit, else ValueError with a message for the user."""
    limit = max_upload_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValueError(
            _("The file is %(size)s KB; at most %(limit)s KB is accepted.")
            % {"size": size // 1024, "limit": limit // 1024}
        )
    if size == 0:
        raise ValueError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").rsplit("/", 1)[-1][-200:]
    lower = name.lower()
    for magic, content_type, extensions in _SIGNATURES:
        if head.startswith(magic):
            if not lower.endswith(extensions):
                raise ValueError(
                    _("The file's name does not match its content (%(type)s).")
                    % {"type": content_type}
                )
            return CheckedUpload(content_type=content_type, size=size, name=name)
    raise ValueError(_("Only PDF, JPG and PNG files are accepted."))


def check_evidence_files(
    files: Sequence[UploadedFile], *, at_most: int
) -> list[tuple[UploadedFile, CheckedUpload]]:
    """Every file checked before any is stored; ValueError names the file at fault."""
    if len(files) > at_most:
        raise ValueError(_("Attach at most %(n)d files.") % {"n": at_most})
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_evidence(upload)))
        except ValueError as exc:
            raise ValueError(f"{upload.name}: {exc}") from exc
    return checked


def serve_private_file(field_file: object, filename: str) -> HttpResponseBase:
    """Stream a stored upload as a download, never rendered inline by the browser."""
    handle = field_file.open("rb")  # type: ignore[attr-defined]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
