from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from odoo import tools
from odoo.addons.telmico_client_card.tools.search import MAX_SEARCH_LENGTH

from ..dispatcher import ApiError
from .deps import ApiEnv, IdempotencyKey, idempotent, utc
from .schemas import (
    ERROR_RESPONSES,
    ClientCreate,
    ClientOut,
    ClientPage,
    PaymentOut,
    ReceiptOut,
    SubscriberLinkOut,
    SubscriberOut,
)

router = APIRouter(tags=["clients"], responses=ERROR_RESPONSES)
LAST_ROWS = 5  # payments and receipts shown with a subscriber


def client_out(partner):
    return ClientOut(
        id=partner.id,
        name=partner.display_name or "",
        is_company=partner.is_company,
        personal_number=partner.personal_number or None,
        company_registry=partner.company_registry or None,
        phone=partner.phone or None,
        mobile=partner.mobile or None,
        email=partner.email or None,
        subscribers=[
            SubscriberLinkOut(
                number=link.subscriber_id.number,
                role=link.role_id.name or None,
                address=link.subscriber_id.address or None,
                status=link.subscriber_id.status or None,
                balance=link.subscriber_id.balance,
                debt=link.subscriber_id.debt,
            )
            for link in partner.subscriber_link_ids
        ],
    )


@router.get("/clients", response_model=ClientPage)
def search_clients(
    env: ApiEnv,
    q: Annotated[
        str,
        Query(
            min_length=2,
            max_length=MAX_SEARCH_LENGTH,
            description="As the client card's search box: personal number, company ID, phone, e-mail, subscriber "
            "or meter number, or words of the name or address.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
):
    partners = env["res.partner"].search([("client_search", "ilike", q)], limit=limit)
    return ClientPage(items=[client_out(partner) for partner in partners])


def duplicate_client(env, fname, number):
    """The client that already has this personal number / company ID (409), whoever may read it."""
    # sudo: a duplicate is refused even when the key's user may not read the existing card (only its id is told)
    existing = env["res.partner"].sudo().with_context(active_test=False).search([(fname, "=", number)], limit=1)
    if existing:
        raise ApiError(
            409,
            "conflict",
            env._("Client %(client)s already has the number %(number)s.", client=existing.id, number=number),
        )


def _create_client(env, payload):
    if payload.is_company:
        if not payload.name or not payload.company_registry:
            raise ApiError(400, "validation_error", env._("A company needs name and company_registry."))
        if payload.first_name or payload.last_name or payload.personal_number:
            raise ApiError(
                400,
                "validation_error",
                env._("first_name, last_name and personal_number are a person's: leave them out for a company."),
            )
        duplicate_client(env, "company_registry", payload.company_registry)
        vals = {"name": payload.name, "company_registry": payload.company_registry}
    else:
        if not payload.first_name or not payload.last_name:
            raise ApiError(400, "validation_error", env._("A person needs first_name and last_name."))
        if payload.name or payload.company_registry:
            raise ApiError(
                400,
                "validation_error",
                env._("name and company_registry are a company's: leave them out for a person."),
            )
        if payload.personal_number:
            duplicate_client(env, "personal_number", payload.personal_number)
        vals = {
            "first_name": payload.first_name,
            "last_name": payload.last_name,
            "personal_number": payload.personal_number or False,
        }
    if payload.email and tools.email_normalize(payload.email) != payload.email.strip().lower():
        raise ApiError(400, "validation_error", env._("email: %s is not an e-mail address.", payload.email))
    vals.update(
        {
            "is_company": payload.is_company,
            "is_client": True,
            "phone": payload.phone or False,
            "mobile": payload.mobile or False,
            "email": payload.email and payload.email.strip(),
            "street": payload.street or False,
            "city": payload.city or False,
        }
    )
    return client_out(env["res.partner"].create(vals))


@router.post("/clients", response_model=ClientOut, status_code=201)
def create_client(env: ApiEnv, request: Request, payload: ClientCreate, idempotency_key: IdempotencyKey = None):
    """Create a client card: a person (first and last name, personal number) or a company (name, company ID).
    A number that another client has is refused (409); phones are checked as on the card."""
    return idempotent(env, request, idempotency_key, payload, lambda: _create_client(env, payload))


@router.get("/clients/{client_id}", response_model=ClientOut)
def read_client(env: ApiEnv, client_id: Annotated[int, Path(ge=1, le=2**31 - 1)]):
    partner = env["res.partner"].browse(client_id).exists()
    if not partner:
        raise ApiError(404, "not_found", env._("Client %s does not exist.", client_id))
    partner.check_access("read")
    return client_out(partner)


@router.get("/subscribers/{number}", response_model=SubscriberOut, tags=["subscribers"])
def read_subscriber(env: ApiEnv, number: Annotated[str, Path(min_length=1, max_length=32)]):
    """A subscriber by its number: balance, debt, the last payments and receipts (billing's mirror)."""
    subscriber = env["telmico.subscriber"].search([("number", "=", number)], limit=1)
    if not subscriber:
        raise ApiError(404, "not_found", env._("Subscriber %s does not exist.", number))
    return SubscriberOut(
        number=subscriber.number,
        holder=subscriber.name or None,
        address=subscriber.address or None,
        status=subscriber.status or None,
        tariff=subscriber.tariff or None,
        currency=subscriber.currency_id.name or None,
        balance=subscriber.balance,
        debt=subscriber.debt,
        billing_updated_at=utc(subscriber.billing_updated_at),
        payments=[
            PaymentOut(date=p.date or None, amount=p.amount, channel=p.channel or None, reference=p.reference or None)
            for p in subscriber.payment_ids[:LAST_ROWS]
        ],
        receipts=[
            ReceiptOut(
                number=r.number or None,
                period=r.period or None,
                date=r.date or None,
                due_date=r.due_date or None,
                amount=r.amount,
                amount_due=r.amount_due,
            )
            for r in subscriber.receipt_ids[:LAST_ROWS]
        ],
    )
