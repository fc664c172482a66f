from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.telmico_auth_registration import CODE_VALIDITY, RegistrationRateLimited

SESSION_KEY = "telmico_auth_registration_id"


class TelmicoSelfRegistration(http.Controller):
    """The customer's verified self-registration to the personal cabinet (contract in the README).

    /my/register asks for the personal number or company ID and an e-mail (the login) and sends a code by SMS
    to the mobile on the client card; /my/register/confirm takes the code and the password and opens the cabinet.
    The pages answer the same way whether or not the number is a client's.
    """

    def _registration_model(self):
        # sudo: visitors are not logged in; the model is technical (administrators only). The input is validated
        # and the rate limits applied by the model itself.
        return request.env["telmico.auth.registration"].sudo()

    def _current_registration(self):
        registration_id = request.session.get(SESSION_KEY)
        registration = self._registration_model().browse(registration_id if isinstance(registration_id, int) else [])
        return registration.exists()

    def _render(self, template, values, status=200):
        response = request.render(template, values, status=status)
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route("/my/register", type="http", auth="public", website=True, sitemap=False, methods=["GET", "POST"])
    def register(self, identifier=None, login=None, **kw):
        if not request.env.user._is_public():
            return request.redirect("/my")
        values = {"identifier": identifier or "", "login": login or ""}
        if request.httprequest.method == "POST":
            try:
                registration = self._registration_model()._request_code(
                    identifier, login, request.httprequest.remote_addr
                )
            except UserError as error:
                values["error"] = error.args[0]
                status = 429 if isinstance(error, RegistrationRateLimited) else 200
                return self._render("telmico_auth.register", values, status=status)
            request.session[SESSION_KEY] = registration.id
            return request.redirect("/my/register/confirm", code=303)
        return self._render("telmico_auth.register", values)

    @http.route(
        "/my/register/confirm", type="http", auth="public", website=True, sitemap=False, methods=["GET", "POST"]
    )
    def register_confirm(self, code=None, password=None, confirm_password=None, **kw):
        if not request.env.user._is_public():
            return request.redirect("/my")
        registration = self._current_registration()
        if not registration:
            return request.redirect("/my/register")
        minutes = registration._param(CODE_VALIDITY)
        values = {"registration": registration, "validity": request.env._("The code is valid for %s minutes.", minutes)}
        if request.httprequest.method == "POST":
            try:
                registration._check_password(password, confirm_password)
                if not registration._check_code(code):
                    values["error"] = registration._code_error()
                    return self._render("telmico_auth.register_confirm", values)
                user = registration._create_account(password)
            except UserError as error:
                values["error"] = error.args[0]
                return self._render("telmico_auth.register_confirm", values)
            request.session.pop(SESSION_KEY, None)
            # the login below runs in a transaction of its own: it must see the new account (as auth_signup does)
            request.env.cr.commit()
            request.session.authenticate(request.db, {"login": user.login, "password": password, "type": "password"})
            return request.redirect("/my", code=303)
        return self._render("telmico_auth.register_confirm", values)
