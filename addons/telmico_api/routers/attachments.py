"""Files of a request: upload (Base64 JSON), list, download."""

import base64
import binascii
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request, Response

from odoo.tools.mimetypes import guess_mimetype

from ..dispatcher import ApiError
from .deps import ApiEnv, IdempotencyKey, idempotent, utc
from .requests import RequestId, get_request
from .schemas import ERROR_RESPONSES, AttachmentIn, AttachmentOut, AttachmentPage

router = APIRouter(tags=["attachments"], responses=ERROR_RESPONSES)
AttachmentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
# the types a request takes, as read from the file's content (not from its name or a declared type)
ALLOWED_MIMETYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "text/plain",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}


def attachment_out(attachment):
    return AttachmentOut(
        id=attachment.id,
        name=attachment.name or "",
        mimetype=attachment.mimetype or "application/octet-stream",
        size=attachment.file_size,
        created_at=utc(attachment.create_date),
    )


def request_attachments(env, record):
    return env["ir.attachment"].search([("res_model", "=", "telmico.request"), ("res_id", "=", record.id)], order="id")


def decode_file(env, payload):
    """The bytes and type of an uploaded file: 400 when not Base64 or of a type not taken, 413 when too large."""
    try:
        raw = base64.b64decode(payload.content, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ApiError(400, "validation_error", env._("content: not valid Base64.")) from error
    if not raw:
        raise ApiError(400, "validation_error", env._("content: the file is empty."))
    too_big = env["ir.attachment"]._telmico_file_too_big(payload.name, len(raw))
    if too_big:
        raise ApiError(413, "payload_too_large", too_big)
    mimetype = guess_mimetype(raw, default="application/octet-stream")
    if mimetype not in ALLOWED_MIMETYPES:
        raise ApiError(
            400,
            "validation_error",
            env._(
                "%(file)s: files of the type %(type)s are not accepted (PDF, images, text and office documents are).",
                file=payload.name,
                type=mimetype,
            ),
        )
    return raw, mimetype


def add_attachment(env, record, payload, raw, mimetype):
    record.check_access("write")
    attachment = env["ir.attachment"].create(
        {
            "name": payload.name,
            "raw": raw,
            "mimetype": mimetype,
            "res_model": "telmico.request",
            "res_id": record.id,
        }
    )
    return attachment


@router.get("/requests/{request_id}/attachments", response_model=AttachmentPage)
def list_attachments(env: ApiEnv, request_id: RequestId):
    """The files of a request (the client's and the staff's)."""
    record = get_request(env, request_id)
    return AttachmentPage(items=[attachment_out(a) for a in request_attachments(env, record)])


@router.post("/requests/{request_id}/attachments", response_model=AttachmentOut, status_code=201)
def upload_attachment(
    env: ApiEnv,
    request: Request,
    request_id: RequestId,
    payload: AttachmentIn,
    idempotency_key: IdempotencyKey = None,
):
    """Attach a file (Base64) to a request: PDF, images, text and office documents, within the Desk's file cap."""

    def create():
        record = get_request(env, request_id)
        raw, mimetype = decode_file(env, payload)
        return attachment_out(add_attachment(env, record, payload, raw, mimetype))

    return idempotent(env, request, idempotency_key, payload, create)


@router.get(
    "/requests/{request_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The file's bytes."}},
)
def download_attachment(env: ApiEnv, request_id: RequestId, attachment_id: AttachmentId):
    """The file itself, with its type and name (Content-Disposition)."""
    record = get_request(env, request_id)
    attachment = request_attachments(env, record).filtered(lambda a: a.id == attachment_id)
    if not attachment:
        raise ApiError(
            404,
            "not_found",
            env._("Request %(request)s has no file %(file)s.", request=record.name, file=attachment_id),
        )
    return Response(
        content=attachment.raw or b"",
        media_type=attachment.mimetype or "application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.name or 'file')}"},
    )
