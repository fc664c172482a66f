from odoo import api, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._reporting_mark_requests()
        return ratings

    def write(self, vals):
        result = super().write(vals)
        if {"rating", "consumed", "res_id", "res_model_id"} & set(vals):
            self._reporting_mark_requests()
        return result

    def _reporting_mark_requests(self):
        """A client's rating changes the CSAT of the day its request was resolved: count that day again (the
        request's stored last rating is recomputed by the ORM, not written through its ``write``)."""
        request_ids = [rating.res_id for rating in self if rating.res_model == "telmico.request" and rating.res_id]
        if request_ids:
            # sudo: the client rates from the portal; the days to count again are no data of theirs
            self.env["telmico.reporting.request.daily"].sudo()._mark_requests(request_ids)
