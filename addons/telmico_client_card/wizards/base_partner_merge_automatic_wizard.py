from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # Client-card supervisors merge duplicates whose e-mails differ (one card often has
        # none, or an old one); personal numbers are what must agree (_update_values).
        if self.env.user.has_group("telmico_client_card.group_client_card_supervisor"):
            extra_checks = False
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    def _update_foreign_keys(self, src_partners, dst_partner):
        """Move subscriber links one by one before Odoo's generic move.

        Odoo moves a table's rows in one UPDATE and, on a unique violation, deletes them
        all: a source's link that the destination already has (same subscriber and role)
        is dropped here, every other link is moved.
        """
        Link = self.env["telmico.subscriber.link"].sudo()  # sudo: moving links is part of a merge the user may run
        existing = {(link.subscriber_id.id, link.role_id.id) for link in dst_partner.subscriber_link_ids}
        for link in Link.search([("partner_id", "in", src_partners.ids)], order="id"):
            key = (link.subscriber_id.id, link.role_id.id)
            if key in existing:
                link.with_context(telmico_link_bulk=True).unlink()
            else:
                link.partner_id = dst_partner
                existing.add(key)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _update_values(self, src_partners, dst_partner):
        """Carry the personal number across: free it on the sources first (it is unique)."""
        numbers = {p.personal_number for p in src_partners | dst_partner if p.personal_number}
        if len(numbers) > 1:
            raise UserError(
                self.env._(
                    "These clients have different personal numbers (%s): correct the wrong card before merging.",
                    ", ".join(sorted(numbers)),
                )
            )
        if numbers and src_partners.filtered("personal_number"):
            self.env.cr.execute(
                SQL("UPDATE res_partner SET personal_number = NULL WHERE id IN %s", tuple(src_partners.ids))
            )
            src_partners.invalidate_recordset(["personal_number"])
        result = super()._update_values(src_partners, dst_partner)
        if numbers and not dst_partner.personal_number:
            dst_partner.personal_number = numbers.pop()
        return result
