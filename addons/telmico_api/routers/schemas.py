"""The bodies of the API (pydantic): what the OpenAPI document describes and what a call is checked against.

Inputs refuse unknown fields (400 with the field named)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from odoo.addons.telmico_desk.models.telmico_request import CHANNELS, PRIORITIES, STATES

State = Literal[tuple(key for key, _label in STATES)]
Channel = Literal[tuple(key for key, _label in CHANNELS)]
Priority = Literal[tuple(key for key, _label in PRIORITIES)]
# the states a caller may move a request to (each through the request's own action)
TargetState = Literal["in_progress", "pending", "resolved", "closed", "cancelled"]
FieldValue = str | bool | int | float


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    code: str = Field(examples=["validation_error"])
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class ServiceIn(StrictModel):
    template_id: int = Field(ge=1, description="A service template the key's user may read.")
    subscriber_number: str | None = Field(None, max_length=32, description="One of the client's subscribers.")
    values: dict[str, FieldValue] = Field(
        default_factory=dict,
        description="Answers by the template field's technical name (key): text, numbers, dates "
        "(2026-10-05), yes / no, a choice; a subscriber or receipt field takes its number.",
    )


class RequestCreate(StrictModel):
    subject: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=20000, description="Plain text.")
    channel: Channel = "api"
    priority: Priority = "1"
    client_id: int | None = Field(None, ge=1)
    client_number: str | None = Field(
        None, pattern=r"^\d{9}(\d{2})?$", description="Personal number (11 digits) or company ID (9 digits)."
    )
    subscriber_numbers: list[str] = Field(default_factory=list, max_length=20)
    services: list[ServiceIn] = Field(default_factory=list, max_length=10)


class RequestUpdate(StrictModel):
    state: TargetState | None = None
    priority: Priority | None = None
    assignee_id: int | None = Field(None, ge=1, description="A user id; null unassigns.")


class MessageCreate(StrictModel):
    body: str = Field(min_length=1, max_length=20000, description="Plain text.")
    internal: bool = Field(False, description="An internal note (staff only) instead of a public reply.")


class MessageOut(BaseModel):
    id: int
    request_id: int
    internal: bool
    date: datetime


class ServiceOut(BaseModel):
    id: int
    name: str
    template_id: int | None
    state: str
    subscriber_number: str | None
    values: dict[str, str]


class RequestOut(BaseModel):
    id: int
    number: str
    subject: str | None
    description: str | None
    state: State
    priority: Priority
    channel: Channel
    client_id: int | None
    client_name: str | None
    team_id: int | None
    team_name: str | None
    assignee_id: int | None
    assignee_name: str | None
    subscriber_numbers: list[str]
    services: list[ServiceOut]
    sla_state: str
    date_registered: datetime | None
    created_at: datetime
    updated_at: datetime


class RequestPage(BaseModel):
    items: list[RequestOut]
    next_after: int | None = Field(description="Pass as `after` for the next page; null on the last one.")


class SubscriberLinkOut(BaseModel):
    number: str
    role: str | None
    address: str | None
    status: str | None
    balance: float
    debt: float


class ClientOut(BaseModel):
    id: int
    name: str
    is_company: bool
    personal_number: str | None
    company_registry: str | None
    phone: str | None
    mobile: str | None
    email: str | None
    subscribers: list[SubscriberLinkOut]


class ClientPage(BaseModel):
    items: list[ClientOut]


class PaymentOut(BaseModel):
    date: date | None
    amount: float
    channel: str | None
    reference: str | None


class ReceiptOut(BaseModel):
    number: str | None
    period: str | None
    date: date | None
    due_date: date | None
    amount: float
    amount_due: float


class SubscriberOut(BaseModel):
    number: str
    holder: str | None
    address: str | None
    status: str | None
    tariff: str | None
    currency: str | None
    balance: float
    debt: float
    billing_updated_at: datetime | None
    payments: list[PaymentOut]
    receipts: list[ReceiptOut]


ERROR_RESPONSES = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (400, "Invalid input: the message says where and why"),
        (401, "Missing, unknown, revoked or expired API key"),
        (403, "The key's user may not do this"),
        (404, "Not found"),
        (409, "Conflict"),
        (429, "Too many calls with this key (see Retry-After)"),
    )
}


class AttachmentIn(StrictModel):
    name: str = Field(min_length=1, max_length=255, description="The file's name, e.g. `meter.jpg`.")
    content: str = Field(
        min_length=1,
        max_length=14_000_000,
        description="The file, Base64 (RFC 4648, standard alphabet). At most the Desk's cap on a customer's file "
        "(10 MB by default) once decoded.",
    )


class AttachmentOut(BaseModel):
    id: int
    name: str
    mimetype: str
    size: int
    created_at: datetime


class AttachmentPage(BaseModel):
    items: list[AttachmentOut]


class ClientCreate(StrictModel):
    is_company: bool = False
    first_name: str | None = Field(None, min_length=1, max_length=100, description="A person's (required).")
    last_name: str | None = Field(None, min_length=1, max_length=100, description="A person's (required).")
    name: str | None = Field(None, min_length=1, max_length=255, description="A company's name (required).")
    personal_number: str | None = Field(None, pattern=r"^\d{11}$", description="A person's, 11 digits.")
    company_registry: str | None = Field(None, pattern=r"^\d{9}$", description="A company's ID, 9 digits (required).")
    phone: str | None = Field(None, max_length=32)
    mobile: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    street: str | None = Field(None, max_length=255)
    city: str | None = Field(None, max_length=100)


class TemplateFieldOut(BaseModel):
    key: str
    name: str
    type: str = Field(
        description="char, text, integer, float, monetary, date, selection, boolean, subscriber, receipt, attachment"
    )
    required: bool
    help: str | None
    choices: list[str] = Field(description="The choices of a `selection` field.")
    asked_in_cabinet: bool = Field(description="Asked of the customer in the personal cabinet.")


class ServiceTemplateOut(BaseModel):
    id: int
    name: str
    kind: str
    category: str | None
    description: str | None = Field(description="The operator's instructions, plain text.")
    fields: list[TemplateFieldOut]


class ServiceTemplatePage(BaseModel):
    items: list[ServiceTemplateOut]


class CustomerRequestCreate(StrictModel):
    subject: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=20000, description="Plain text.")
    subscriber_numbers: list[str] = Field(default_factory=list, max_length=20)
    services: list[ServiceIn] = Field(
        default_factory=list, max_length=10, description="Services of templates offered to customers (public)."
    )


class CustomerReply(StrictModel):
    body: str = Field(min_length=1, max_length=20000, description="Plain text: the customer's message.")


class ConversationMessageOut(BaseModel):
    id: int
    body: str
    author_name: str | None
    from_customer: bool
    date: datetime


class CustomerRequestOut(RequestOut):
    messages: list[ConversationMessageOut] = Field(
        description="The public conversation, oldest first (no internal notes)."
    )


class CustomerServiceOut(BaseModel):
    id: int
    name: str
    template_id: int | None
    template_name: str | None
    state: str
    result: str | None
    request_id: int | None
    request_number: str | None
    subscriber_number: str | None
    created_at: datetime
    closed_at: datetime | None


class CustomerServicePage(BaseModel):
    items: list[CustomerServiceOut]
