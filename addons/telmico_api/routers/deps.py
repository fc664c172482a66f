"""Dependencies of the API: the key's user, its rate limit, idempotent creates."""

import hashlib
import json
from datetime import UTC
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from odoo.addons.fastapi.dependencies import odoo_env
from odoo.api import Environment

from ..dispatcher import ApiError


def utc(moment):
    """An Odoo datetime (naive, UTC) as an aware UTC datetime (RFC 3339 in JSON), or None."""
    return moment.replace(tzinfo=UTC) if moment else None


bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer tlm_…`.")


def api_key(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    env: Annotated[Environment, Depends(odoo_env)],
):
    """The API key of the call (401 when missing, unknown, revoked or expired; its rate limit is checked by the
    dispatcher before the app runs)."""
    # sudo: the endpoint runs as the public user until the key is known; keys are readable by administrators only
    key = env["telmico.api.key"].sudo()._authenticate(credentials.credentials if credentials else "")
    if not key:
        raise ApiError(
            401,
            "unauthorized",
            env._("Missing, unknown, revoked or expired API key."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return key


def api_env(
    key: Annotated[object, Depends(api_key)],
    env: Annotated[Environment, Depends(odoo_env)],
    request: Request,
) -> Environment:
    """The environment of the key's user: its rights, record rules, companies and language apply."""
    user = key.user_id
    context = {k: v for k, v in env.context.items() if k != "allowed_company_ids"}
    if not request.headers.get("Accept-Language"):
        context["lang"] = user.lang
    return env(user=user.id, su=False, context=context)


ApiEnv = Annotated[Environment, Depends(api_env)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Any unique string: a retried call with the same key gets the first response back and "
        "creates nothing twice.",
    ),
]


def idempotent(env, request, idempotency_key, payload, create, status_code=201):
    """The response of ``create()`` (a pydantic object), once per ``idempotency_key`` of the user.

    A retry with the same key and the same call gets the stored first response (header ``Idempotent-Replayed``);
    the same key with another call is a conflict (409).
    """
    if not idempotency_key:
        return JSONResponse(jsonable_encoder(create()), status_code=status_code)
    # sudo: idempotency records are technical (system only); each is bound to the key's user
    Store = env["telmico.api.idempotency"].sudo()
    fingerprint = json.dumps(
        [request.method, request.url.path, jsonable_encoder(payload)], sort_keys=True, ensure_ascii=False
    )
    request_hash = hashlib.sha256(fingerprint.encode()).hexdigest()
    stored = Store._lookup(env.user, idempotency_key)
    if stored:
        if stored.request_hash != request_hash:
            raise ApiError(
                409,
                "idempotency_conflict",
                env._("This Idempotency-Key was already used for another call."),
            )
        return JSONResponse(
            json.loads(stored.response), status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
        )
    body = jsonable_encoder(create())
    Store._store(env.user, idempotency_key, request.method, request.url.path, request_hash, status_code, body)
    return JSONResponse(body, status_code=status_code)
