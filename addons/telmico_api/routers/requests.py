from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from odoo.addons.telmico_desk.models.telmico_request import ARRIVAL_CHANNELS, TRANSITIONS
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import html2plaintext, plaintext2html

from ..dispatcher import ApiError
from .deps import ApiEnv, IdempotencyKey, idempotent, utc
from .schemas import (
    ERROR_RESPONSES,
    Channel,
    MessageCreate,
    MessageOut,
    RequestCreate,
    RequestOut,
    RequestPage,
    RequestUpdate,
    ServiceOut,
    State,
)

router = APIRouter(tags=["requests"], responses=ERROR_RESPONSES)
RequestId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def request_out(record):
    services = [
        ServiceOut(
            id=service.id,
            name=service.name or "",
            template_id=service.template_id.id or None,
            state=service.state,
            subscriber_number=service.subscriber_id.number or None,
            values={line.key: line.value_display or "" for line in service.value_ids},
        )
        for service in record.service_ids
    ]
    return RequestOut(
        id=record.id,
        number=record.name or "",
        subject=record.subject or None,
        description=html2plaintext(record.description) if record.description else None,
        state=record.state,
        priority=record.priority,
        channel=record.channel,
        client_id=record.partner_id.id or None,
        client_name=record.partner_id.display_name or None,
        team_id=record.team_id.id or None,
        team_name=record.team_id.name or None,
        assignee_id=record.user_id.id or None,
        assignee_name=record.user_id.name or None,
        subscriber_numbers=record.subscriber_ids.mapped("number"),
        services=services,
        sla_state=record.sla_state,
        date_registered=utc(record.date_registered),
        created_at=utc(record.create_date),
        updated_at=utc(record.write_date),
    )


def get_request(env, request_id):
    record = env["telmico.request"].browse(request_id).exists()
    if not record:
        raise ApiError(404, "not_found", env._("Request %s does not exist.", request_id))
    record.check_access("read")
    return record


def _naive_utc(moment):
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


@router.get("/requests", response_model=RequestPage)
def list_requests(
    env: ApiEnv,
    state: Annotated[list[State] | None, Query(description="One or more states.")] = None,
    channel: Channel | None = None,
    client_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    updated_since: Annotated[datetime | None, Query(description="ISO 8601; UTC when no offset is given.")] = None,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="The `next_after` of the previous page.")] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """The requests the key's user may read, oldest first, by pages (cursor: `after`)."""
    domain = [("id", ">", after), ("state", "!=", "draft")]
    if state:
        domain.append(("state", "in", state))
    if channel:
        domain.append(("channel", "=", channel))
    if client_id:
        domain.append(("partner_id", "child_of", client_id))
    if updated_since:
        domain.append(("write_date", ">=", _naive_utc(updated_since)))
    records = env["telmico.request"].search(domain, order="id", limit=limit + 1)
    page = records[:limit]
    return RequestPage(
        items=[request_out(record) for record in page],
        next_after=page[-1].id if len(records) > limit else None,
    )


@router.get("/requests/{request_id}", response_model=RequestOut)
def read_request(env: ApiEnv, request_id: RequestId):
    return request_out(get_request(env, request_id))


def _find_client(env, payload):
    Partner = env["res.partner"]
    if payload.client_id:
        client = Partner.browse(payload.client_id).exists()
        if not client:
            raise ApiError(400, "validation_error", env._("Client %s does not exist.", payload.client_id))
        client.check_access("read")
        return client
    if payload.client_number:
        fname = "personal_number" if len(payload.client_number) == 11 else "company_registry"
        clients = Partner.search([(fname, "=", payload.client_number)], limit=2)
        if not clients:
            raise ApiError(400, "validation_error", env._("No client has the number %s.", payload.client_number))
        if len(clients) > 1:
            raise ApiError(
                409, "conflict", env._("Several clients have the number %s: give client_id.", payload.client_number)
            )
        return clients
    raise ApiError(400, "validation_error", env._("Give the client: client_id or client_number."))


def _client_subscriber(env, client, number, what):
    subscriber = client.subscriber_ids.filtered(lambda s: s.number == number)
    if not subscriber:
        raise ApiError(
            400,
            "validation_error",
            env._("%(what)s: %(number)s is not a subscriber of the client.", what=what, number=number),
        )
    return subscriber


def _field_values(env, template, client, values):
    """Column values of the template's fields for the given answers, checked as an operator's input is."""
    fields_by_key = {field.key: field for field in template.field_ids}
    unknown = sorted(set(values) - set(fields_by_key))
    if unknown:
        raise ApiError(
            400,
            "validation_error",
            env._("%(template)s has no field %(keys)s.", template=template.name, keys=", ".join(unknown)),
        )
    result, missing = {}, []
    for key, field in fields_by_key.items():
        value = values.get(key)
        text = ("yes" if value else "no") if isinstance(value, bool) else ("" if value is None else str(value))
        if field.field_type == "attachment":
            if text:
                raise ApiError(
                    400, "validation_error", env._("%s: files are not accepted through the API yet.", field.name)
                )
            column_values = {}
        elif field.field_type == "subscriber":
            column_values = (
                {"value_subscriber_id": _client_subscriber(env, client, text, field.name).id} if text else {}
            )
        elif field.field_type == "receipt":
            receipt = client.subscriber_ids.receipt_ids.filtered(lambda r, text=text: r.number == text)
            if text and not receipt:
                raise ApiError(
                    400,
                    "validation_error",
                    env._("%(field)s: no receipt %(number)s of the client.", field=field.name, number=text),
                )
            column_values = {"value_receipt_id": receipt[:1].id} if text else {}
        else:
            if field.field_type == "selection" and text:
                choices = [c.strip() for c in (field.selection_values or "").splitlines() if c.strip()]
                if text not in choices:
                    raise ApiError(
                        400,
                        "validation_error",
                        env._("%(field)s: choose one of %(choices)s.", field=field.name, choices=", ".join(choices)),
                    )
            # the service's own parser: numbers, dates and yes / no are read as an operator's input is
            line = env["telmico.service.value"].new({"name": field.name, "field_type": field.field_type})
            column_values = line._parse_input(text)
            line.update(column_values)
            if field.required and line._is_empty():
                missing.append(field.name)
        if field.required and field.field_type in ("subscriber", "receipt") and not text:
            missing.append(field.name)
        result[key] = column_values
    if missing:
        raise ApiError(
            400,
            "validation_error",
            env._(
                "Fill in the required field(s) of %(service)s: %(fields)s.",
                service=template.name,
                fields=", ".join(missing),
            ),
        )
    return result


def _create_request(env, payload):
    client = _find_client(env, payload)
    if not payload.subject and not payload.services:
        raise ApiError(400, "validation_error", env._("Give a subject or at least one service."))
    subscribers = env["telmico.subscriber"]
    for number in payload.subscriber_numbers:
        subscribers |= _client_subscriber(env, client, number, "subscriber_numbers")
    planned = []
    Template = env["telmico.service.template"]
    for service in payload.services:
        template = Template.browse(service.template_id).exists()
        if not template or not template.active:
            raise ApiError(400, "validation_error", env._("Service template %s does not exist.", service.template_id))
        template.check_access("read")
        subscriber = (
            _client_subscriber(env, client, service.subscriber_number, template.name)
            if service.subscriber_number
            else subscribers.browse()
        )
        planned.append((template, subscriber, _field_values(env, template, client, service.values)))
    record = (
        env["telmico.request"]
        .with_context(telmico_defer_routing=True)
        .create(
            {
                "subject": payload.subject or ", ".join(template.name for template, _s, _v in planned),
                "description": plaintext2html(payload.description) if payload.description else False,
                "channel": payload.channel,
                "priority": payload.priority,
                "state": "new",
                "partner_id": client.id,
                "subscriber_ids": [Command.set(subscribers.ids)],
            }
        )
    )
    for template, subscriber, values in planned:
        # as from the personal cabinet: registered when nothing is left for an operator, else a draft with the reason
        env["telmico.service"]._create_asked(template, record, subscriber, values)._register_or_explain()
    if record.channel in ARRIVAL_CHANNELS:
        record.with_context(telmico_defer_routing=False)._route()
    return request_out(record)


@router.post(
    "/requests",
    response_model=RequestOut,
    status_code=201,
)
def create_request(env: ApiEnv, request: Request, payload: RequestCreate, idempotency_key: IdempotencyKey = None):
    """Open a request for a client (by id or personal / company number) with its services and their answers."""
    return idempotent(env, request, idempotency_key, payload, lambda: _create_request(env, payload))


def _change_state(env, record, state):
    if record.state == state:
        return
    if record.state not in TRANSITIONS.get(state, ()):
        labels = dict(record._fields["state"]._description_selection(env))
        raise ApiError(
            409,
            "conflict",
            env._(
                "Request %(request)s cannot go from %(old)s to %(new)s.",
                request=record.name,
                old=labels[record.state],
                new=labels[state],
            ),
        )
    try:
        if state == "pending":
            record.action_pending()
        elif state == "in_progress":
            if record.state in ("resolved", "closed", "cancelled"):
                record.action_reopen()
            else:
                record.action_resume()
        elif state == "resolved":
            record.action_resolve()
        elif state == "closed":
            record.action_close()
        elif state == "cancelled":
            record.action_cancel()
    except UserError as error:
        raise ApiError(409, "conflict", str(error.args[0])) from error


@router.patch("/requests/{request_id}", response_model=RequestOut)
def update_request(env: ApiEnv, request_id: RequestId, payload: RequestUpdate):
    """Change the status (through the request's actions: pending, resolve, close, cancel, reopen), the priority or
    the assignee."""
    record = get_request(env, request_id)
    if record.state == "draft":
        raise ApiError(409, "conflict", env._("Request %s is still being registered.", record.name))
    vals = {}
    if payload.priority:
        vals["priority"] = payload.priority
    if "assignee_id" in payload.model_fields_set:
        user = env["res.users"].browse(payload.assignee_id).exists() if payload.assignee_id else env["res.users"]
        if payload.assignee_id and not user:
            raise ApiError(400, "validation_error", env._("User %s does not exist.", payload.assignee_id))
        vals["user_id"] = user.id
    if vals:
        record.write(vals)
    if payload.state:
        _change_state(env, record, payload.state)
    return request_out(record)


@router.post("/requests/{request_id}/messages", response_model=MessageOut, status_code=201)
def post_message(
    env: ApiEnv,
    request: Request,
    request_id: RequestId,
    payload: MessageCreate,
    idempotency_key: IdempotencyKey = None,
):
    """A public reply (sent to the client as the desk's replies are) or an internal note."""

    def create():
        record = get_request(env, request_id)
        message = record.message_post(
            body=plaintext2html(payload.body),
            message_type="comment",
            subtype_xmlid="mail.mt_note" if payload.internal else "mail.mt_comment",
        )
        return MessageOut(id=message.id, request_id=record.id, internal=payload.internal, date=utc(message.date))

    return idempotent(env, request, idempotency_key, payload, create)
