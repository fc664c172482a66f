from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request


class ClientCardCustomerPortal(CustomerPortal):
    def details_form_validate(self, data, partner_creation=False):
        """A client's phone (*My account*) must be a valid number: say so on the form, not with a server error.

        Other portal users keep Odoo's free-form phone (the client card's rules are for clients).
        """
        error, error_message = super().details_form_validate(data, partner_creation=partner_creation)
        partner = request.env.user.partner_id
        phone = (data.get("phone") or "").strip()
        if phone and partner.is_client and "phone" not in error:
            country_id = str(data.get("country_id") or "")
            country = partner._client_phone_country({"country_id": int(country_id)} if country_id.isdigit() else None)
            if not partner._phone_format(number=phone, country=country):
                error["phone"] = "error"
                error_message.append(request.env._("“%s” is not a valid phone number.", phone))
        return error, error_message
