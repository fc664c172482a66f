from ast import literal_eval

from odoo import api, fields, models
from odoo.addons.telmico_client_card.tools.billing_contract import SUBSCRIBER_STATES
from odoo.exceptions import ValidationError
from odoo.osv import expression

#: clients shown as a sample of an audience
SAMPLE_SIZE = 10


def _split_list(text):
    """``"ვაკე, საბურთალო"`` → ``["ვაკე", "საბურთალო"]``: comma-separated values, blanks dropped."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class TelmicoMailingAudience(models.Model):
    """A saved, reusable set of recipients: clients chosen by their own and their subscribers' criteria.

    The simple fields build a domain on ``res.partner`` (the recipients of mass_mailing);
    subscriber criteria (district, tariff, status) are one condition on the client's
    subscribers, so they hold for the same subscriber. The advanced domain is added to them.
    """

    _name = "telmico.mailing.audience"
    _description = "Mailing audience"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    description = fields.Text()
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id, readonly=True)
    min_debt = fields.Monetary(
        string="Debt above", tracking=True, help="Only clients whose total debt is above this amount (0: any debt)."
    )
    debtors_only = fields.Boolean(string="Debtors only", tracking=True, help="Only clients with a debt.")
    segment_ids = fields.Many2many("telmico.client.segment", string="Segments")
    districts = fields.Char(tracking=True, help="Districts of the client's subscribers, separated by commas.")
    tariffs = fields.Char(tracking=True, help="Tariffs of the client's subscribers, separated by commas.")
    subscriber_status = fields.Selection(SUBSCRIBER_STATES, tracking=True)
    preferred_channel = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["preferred_channel"].selection, tracking=True
    )
    consent_sms = fields.Boolean(string="Agree to SMS")
    consent_email = fields.Boolean(string="Agree to e-mails")
    consent_marketing = fields.Boolean(string="Agree to marketing")
    advanced_domain = fields.Char(
        default="[]", help="More conditions on the clients, added to the criteria above (Odoo domain editor)."
    )
    domain = fields.Char(compute="_compute_domain", help="The recipients' filter this audience applies.")
    recipient_count = fields.Integer(string="Clients", compute="_compute_recipients")
    sample_partner_ids = fields.Many2many("res.partner", string="Sample", compute="_compute_recipients")
    mailing_ids = fields.One2many("mailing.mailing", "audience_id", string="Mailings")
    mailing_count = fields.Integer(compute="_compute_mailing_count")

    @api.depends(
        "min_debt",
        "debtors_only",
        "segment_ids",
        "districts",
        "tariffs",
        "subscriber_status",
        "preferred_channel",
        "consent_sms",
        "consent_email",
        "consent_marketing",
        "advanced_domain",
    )
    def _compute_domain(self):
        for audience in self:
            audience.domain = repr(audience._get_domain())

    @api.depends("domain")
    def _compute_recipients(self):
        Partner = self.env["res.partner"]
        for audience in self:
            domain = audience._get_domain()
            audience.recipient_count = Partner.search_count(domain)
            audience.sample_partner_ids = Partner.search(domain, limit=SAMPLE_SIZE, order="id desc")

    def _compute_mailing_count(self):
        counts = dict(
            self.env["mailing.mailing"]._read_group([("audience_id", "in", self.ids)], ["audience_id"], ["__count"])
        )
        for audience in self:
            audience.mailing_count = counts.get(audience, 0)

    @api.constrains("advanced_domain")
    def _check_advanced_domain(self):
        for audience in self:
            try:
                domain = audience._advanced_domain()
                self.env["res.partner"].search_count(domain, limit=1)
            except (SyntaxError, ValueError, TypeError, KeyError) as exc:
                raise ValidationError(
                    self.env._(
                        "The advanced filter of audience “%(name)s” is not valid: %(error)s",
                        name=audience.name,
                        error=exc,
                    )
                ) from exc

    def _advanced_domain(self):
        self.ensure_one()
        domain = literal_eval(self.advanced_domain or "[]")
        if not isinstance(domain, list):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return domain

    def _get_domain(self):
        """The clients of this audience, as a domain on ``res.partner``."""
        self.ensure_one()
        domains = [[("is_client", "=", True)]]
        if self.min_debt:
            domains.append([("total_debt", ">", self.min_debt)])
        elif self.debtors_only:
            domains.append([("total_debt", ">", 0)])
        if self.segment_ids:
            domains.append([("segment_id", "in", self.segment_ids.ids)])
        if self.preferred_channel:
            domains.append([("preferred_channel", "=", self.preferred_channel)])
        for field in ("consent_sms", "consent_email", "consent_marketing"):
            if self[field]:
                domains.append([(field, "=", True)])
        subscriber = []
        if _split_list(self.districts):
            subscriber.append(("district", "in", _split_list(self.districts)))
        if _split_list(self.tariffs):
            subscriber.append(("tariff", "in", _split_list(self.tariffs)))
        if self.subscriber_status:
            subscriber.append(("status", "=", self.subscriber_status))
        if subscriber:
            domains.append([("subscriber_ids", "any", subscriber)])
        try:
            domains.append(self._advanced_domain())
        except (SyntaxError, ValueError):
            domains.append(expression.FALSE_DOMAIN)  # refused by the constraint; never widen the audience
        return expression.AND(domains)

    # --------------------------------------------------------------- actions

    def action_view_recipients(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Clients of %s", self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": self._get_domain(),
        }

    def action_view_mailings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mailings to %s", self.name),
            "res_model": "mailing.mailing",
            "view_mode": "list,form",
            "domain": [("audience_id", "=", self.id)],
            "context": {"default_audience_id": self.id, "default_mailing_model_id": self._partner_model().id},
        }

    def _partner_model(self):
        return self.env["ir.model"]._get("res.partner")

    def _action_new_mailing(self, mailing_type, cabinet=False):
        """A draft mailing of ``mailing_type`` to this audience, opened in its form."""
        self.ensure_one()
        vals = {
            "subject": self.name,
            "mailing_type": mailing_type,
            "mailing_model_id": self._partner_model().id,
            "audience_id": self.id,
            "cabinet_delivery": cabinet,
        }
        mailing = self.env["mailing.mailing"].create(vals)
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_mailing_type": mailing_type},
        }

    def action_new_sms_mailing(self):
        return self._action_new_mailing("sms")

    def action_new_email_mailing(self):
        return self._action_new_mailing("mail")

    def action_new_cabinet_mailing(self):
        return self._action_new_mailing("mail", cabinet=True)
