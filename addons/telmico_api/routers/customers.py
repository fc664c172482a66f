"""The personal cabinet's server-to-server contract: a customer's requests and services, by personal number or
company ID, on the customer's behalf (keys that act for customers only)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from odoo.api import Environment
from odoo.tools import html2plaintext, plaintext2html

from ..dispatcher import ApiError
from .deps import ApiEnv, IdempotencyKey, api_key, idempotent, utc
from .requests import RequestId, _create_request, request_out
from .schemas import (
    ERROR_RESPONSES,
    ConversationMessageOut,
    CustomerReply,
    CustomerRequestCreate,
    CustomerRequestOut,
    CustomerServiceOut,
    CustomerServicePage,
    MessageOut,
    RequestCreate,
    RequestPage,
)

router = APIRouter(prefix="/customers/{number}", tags=["personal cabinet"], responses=ERROR_RESPONSES)
CustomerNumber = Annotated[
    str, Path(pattern=r"^\d{9}(\d{2})?$", description="The customer's personal number (11 digits) or company ID (9).")
]


def cabinet_env(key: Annotated[object, Depends(api_key)], env: ApiEnv) -> Environment:
    """The key's environment, for a key that acts for customers (403 otherwise)."""
    if not key.acts_for_customers:
        raise ApiError(403, "forbidden", env._("This API key may not act for customers."))
    return env


CabinetEnv = Annotated[Environment, Depends(cabinet_env)]


def customer_of(env, number):
    """The client with this personal number / company ID (404 when none, 409 when several)."""
    fname = "personal_number" if len(number) == 11 else "company_registry"
    # sudo: a key acting for customers reaches every customer, and only through the customer's own number
    clients = env["res.partner"].sudo().search([(fname, "=", number), ("is_client", "=", True)], limit=2)
    if not clients:
        raise ApiError(404, "not_found", env._("No customer has the number %s.", number))
    if len(clients) > 1:
        raise ApiError(409, "conflict", env._("Several customers have the number %s.", number))
    return clients


def customer_requests(customer):
    # sudo (the customer's record): only the requests of the customer's company and its contacts
    return (
        customer.env["telmico.request"]
        .sudo()
        .search(
            [("commercial_partner_id", "=", customer.commercial_partner_id.id), ("state", "!=", "draft")], order="id"
        )
    )


def customer_request(env, customer, request_id):
    record = customer_requests(customer).filtered(lambda r: r.id == request_id)
    if not record:
        raise ApiError(404, "not_found", env._("The customer has no request %s.", request_id))
    return record


def conversation(record, customer):
    comment = record.env.ref("mail.mt_comment")
    messages = record.message_ids.filtered(
        lambda m: m.message_type in ("comment", "email") and m.subtype_id == comment
    ).sorted("id")
    return [
        ConversationMessageOut(
            id=message.id,
            body=html2plaintext(message.body or ""),
            author_name=message.author_id.name or message.email_from or None,
            from_customer=message.author_id.commercial_partner_id == customer.commercial_partner_id,
            date=utc(message.date),
        )
        for message in messages
    ]


def customer_request_out(record, customer):
    return CustomerRequestOut(**request_out(record).model_dump(), messages=conversation(record, customer))


@router.get("/requests", response_model=RequestPage)
def list_customer_requests(
    env: CabinetEnv,
    number: CustomerNumber,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="The `next_after` of the previous page.")] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """The customer's requests (of the customer's company and its contacts), oldest first, by pages."""
    customer = customer_of(env, number)
    records = customer_requests(customer).filtered(lambda r: r.id > after)
    page = records[:limit]
    return RequestPage(
        items=[request_out(record) for record in page], next_after=page[-1].id if len(records) > limit else None
    )


@router.get("/requests/{request_id}", response_model=CustomerRequestOut)
def read_customer_request(env: CabinetEnv, number: CustomerNumber, request_id: RequestId):
    """One of the customer's requests with its services and the public conversation."""
    customer = customer_of(env, number)
    return customer_request_out(customer_request(env, customer, request_id), customer)


@router.post("/requests", response_model=CustomerRequestOut, status_code=201)
def create_customer_request(
    env: CabinetEnv,
    request: Request,
    number: CustomerNumber,
    payload: CustomerRequestCreate,
    idempotency_key: IdempotencyKey = None,
):
    """Open a request for the customer on the personal cabinet's channel, with services offered to customers."""

    def create():
        customer = customer_of(env, number)
        # sudo: the key acts for customers, who may not read templates; only public ones are accepted below
        templates = env["telmico.service.template"].sudo().browse([s.template_id for s in payload.services]).exists()
        hidden = [s.template_id for s in payload.services if s.template_id not in templates.filtered("public").ids]
        if hidden:
            raise ApiError(
                400,
                "validation_error",
                env._("Service template %s is not offered to customers.", ", ".join(map(str, hidden))),
            )
        full = RequestCreate(**payload.model_dump(), channel="portal", client_id=customer.id)
        # sudo: the request is the customer's own (created by the key's user, who acts for the customer)
        record = env["telmico.request"].browse(_create_request(env(su=True), full).id)
        return customer_request_out(record.sudo(), customer)

    return idempotent(env, request, idempotency_key, payload, create)


@router.post("/requests/{request_id}/messages", response_model=MessageOut, status_code=201)
def post_customer_reply(
    env: CabinetEnv,
    request: Request,
    number: CustomerNumber,
    request_id: RequestId,
    payload: CustomerReply,
    idempotency_key: IdempotencyKey = None,
):
    """The customer's reply on one of their requests, authored by the customer (as from our own portal)."""

    def create():
        customer = customer_of(env, number)
        record = customer_request(env, customer, request_id)
        message = record.with_context(mail_create_nosubscribe=True).message_post(
            body=plaintext2html(payload.body),
            author_id=customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return MessageOut(id=message.id, request_id=record.id, internal=False, date=utc(message.date))

    return idempotent(env, request, idempotency_key, payload, create)


@router.get("/services", response_model=CustomerServicePage)
def list_customer_services(env: CabinetEnv, number: CustomerNumber):
    """The customer's services (of the customer's company and its contacts), newest first."""
    customer = customer_of(env, number)
    # sudo (the customer's record): only the services of the customer's company and its contacts
    services = (
        env["telmico.service"]
        .sudo()
        .search([("partner_id", "child_of", customer.commercial_partner_id.id)], order="id desc")
    )
    return CustomerServicePage(
        items=[
            CustomerServiceOut(
                id=service.id,
                name=service.name or "",
                template_id=service.template_id.id or None,
                template_name=service.template_id.name or None,
                state=service.state,
                result=service.result or None,
                request_id=service.request_id.id or None,
                request_number=service.request_id.name or None,
                subscriber_number=service.subscriber_id.number or None,
                created_at=utc(service.create_date),
                closed_at=utc(service.date_closed),
            )
            for service in services
        ]
    )
