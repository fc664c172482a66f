from odoo import models
from odoo.tools import SQL, safe_eval
from odoo.tools.rendering_tools import parse_inline_template

from ..tools.bulk import bulk_insert


class SmsComposer(models.TransientModel):
    """Odoo's mass SMS composer, lean enough for mailings of hundreds of thousands of clients.

    Same steps and same results as Odoo's (rendering, opt-outs, blacklist, duplicates, traces,
    unsubscribe text, short links), with the per-record costs taken out: the clients' numbers come
    from their stored sanitized number (``mail.thread.phone``) instead of being formatted again,
    the blacklist and the duplicates are looked up in sets (Odoo's lists made both quadratic),
    and a mailing's SMS, traces and trackers are written in three statements per batch
    (``tools/bulk.py``) instead of one ``create`` per record.
    """

    _inherit = "sms.composer"

    def _telmico_lean(self, records):
        """Whether this composer queues ``records`` the lean way: mass SMS to contacts on their own numbers
        (context ``telmico_mailing_stock_composer``: Odoo's composer unchanged, for the benchmark and the test
        comparing both)."""
        return (
            self.composition_mode == "mass"
            and records._name == "res.partner"
            and not self.number_field_name
            and not self.env.context.get("telmico_mailing_stock_composer")
        )

    def _prepare_recipient_values(self, records):
        if not self._telmico_lean(records) or not records:
            return super()._prepare_recipient_values(records)
        # phone_sanitized is what Odoo's _sms_get_recipients_info computes for a contact (its first number that
        # formats, E.164), kept up to date by mail.thread.phone: read it instead of formatting every number again
        records.flush_recordset(["phone_sanitized"])
        self.env.cr.execute(SQL("SELECT id, phone_sanitized FROM res_partner WHERE id IN %s", tuple(records.ids)))
        sanitized = dict(self.env.cr.fetchall())
        result = {}
        for record in records:
            if number := sanitized.get(record.id):
                result[record.id] = {
                    "partner": record,
                    "sanitized": number,
                    "number": number,
                    "partner_store": False,
                    "field_store": False,
                }
        # without a valid number: Odoo's own answer (the number as written, for the failure type)
        if missing := records.filtered(lambda record: record.id not in result):
            result.update(super()._prepare_recipient_values(missing))
        return result

    def _prepare_body_values(self, records):
        if (
            not self._telmico_lean(records)
            or not self.mailing_id
            or (self.template_id and self.body == self.template_id.body)
        ):
            return super()._prepare_body_values(records)
        bodies = self._telmico_render(self.body, records)
        # mass_mailing_sms's: the mailing's links shortened (link trackers)
        tracker_values = self.mailing_id._get_link_tracker_values()
        Render = self.env["mail.render.mixin"].sudo()  # sudo: as mass_mailing_sms, the trackers of the mailing
        return {
            # a text without "http" has no link to shorten (link_tracker's TEXT_URL_REGEX)
            record_id: Render._shorten_links_text(body, tracker_values) if "http" in (body or "") else body
            for record_id, body in bodies.items()
        }

    def _telmico_render(self, body, records):
        """Odoo's inline-template rendering of ``body`` for ``records``, each expression checked and compiled
        once for the batch instead of once per record (Odoo's ``safe_eval`` compiles and checks the
        expression's bytecode at every call). Same variables, same sandbox (``safe_eval``'s checks, opcodes
        and builtins); templates Odoo renders without evaluation, or refuses to the user, and any error,
        are left to Odoo's own renderer."""
        Render = self.env["mail.render.mixin"]
        if (
            not body
            or not Render._has_unsafe_expression_template_inline_template(str(body), records._name)
            or not (
                Render._unrestricted_rendering
                or self.env.is_admin()
                or self.env.user.has_group("mail.group_mail_template_editor")
            )
        ):
            return Render._render_template(body, records._name, records.ids)
        instructions = parse_inline_template(str(body))
        variables = Render._render_eval_context()
        safe_eval.check_values(variables)
        try:
            codes = {
                expression: safe_eval.test_expr(expression, safe_eval._SAFE_OPCODES, mode="eval")
                for _literal, expression, _default in instructions
                if expression
            }
            results = {}
            for record in records:
                scope = {**variables, "object": record, "__builtins__": dict(safe_eval._BUILTINS)}
                parts = []
                for literal, expression, default in instructions:
                    parts.append(literal)
                    if expression:
                        value = safe_eval.unsafe_eval(codes[expression], scope) or default
                        if value:
                            parts.append(str(value))
                results[record.id] = "".join(parts)
        except Exception:
            return Render._render_template(body, records._name, records.ids)
        return results

    def _get_blacklist_record_ids(self, records, recipients_info):
        """Odoo's, with the blacklisted numbers in a set and only those of these recipients read; a set."""
        if not self._telmico_lean(records):
            return super()._get_blacklist_record_ids(records, recipients_info)
        if not self.mass_use_blacklist:
            return []
        numbers = {recipients_info[record_id]["sanitized"] for record_id in records.ids} - {False}
        if not numbers:
            return []
        # the numbers are sanitized already: compared as stored (a search would format each of them again)
        self.env["phone.blacklist"].flush_model(["number", "active"])
        self.env.cr.execute(SQL("SELECT number FROM phone_blacklist WHERE active AND number IN %s", tuple(numbers)))
        blacklisted = {number for (number,) in self.env.cr.fetchall()}
        return {record_id for record_id in records.ids if recipients_info[record_id]["sanitized"] in blacklisted}

    def _get_done_record_ids(self, records, recipients_info):
        """Odoo's duplicates: the second recipient with a number already seen, and the recipients the mailing
        already reached (mass_mailing_sms) — looked up in sets, and in the mailing's traces of these recipients
        and numbers only: Odoo's lists made a batch quadratic, and its query of every trace of the mailing read
        the whole campaign again at each batch. A number already sent to by an earlier batch is a duplicate too,
        as it is when Odoo's composer takes every recipient at once. Returns a set (read with ``in``)."""
        if not self._telmico_lean(records):
            return super()._get_done_record_ids(records, recipients_info)
        numbers = {recipients_info[record_id]["sanitized"] for record_id in records.ids} - {False}
        seen_ids, seen = set(), set()
        if self.mailing_id:
            self.env["mailing.trace"].flush_model(["mass_mailing_id", "model", "res_id", "sms_number"])
            self.env.cr.execute(
                SQL(
                    """SELECT res_id, sms_number FROM mailing_trace
                        WHERE mass_mailing_id = %s AND model = %s AND (res_id IN %s OR sms_number IN %s)""",
                    self.mailing_id.id,
                    records._name,
                    tuple(records.ids),
                    tuple(numbers) or (None,),
                )
            )
            for res_id, number in self.env.cr.fetchall():
                seen_ids.add(res_id)
                seen.add(number)
        done_ids = set()
        for record_id in records.ids:
            number = recipients_info[record_id]["sanitized"]
            if record_id in seen_ids or number in seen:
                done_ids.add(record_id)
            else:
                seen.add(number)
        return done_ids

    def _prepare_mass_sms(self, records, sms_record_values):
        if not (self.mailing_id and self._telmico_lean(records)):
            return super()._prepare_mass_sms(records, sms_record_values)
        # what telmico_sms's sms.sms.create takes from the context of the composer (sender, transliteration)
        context = self.env.context
        extra = {
            key: value
            for key, value in (
                ("sender_id", context.get("telmico_sms_sender_id")),
                ("transliteration", context.get("telmico_sms_transliteration")),
            )
            if value
        }
        sms_vals, trace_vals = [], []
        for record in records:
            vals = {**extra, **sms_record_values[record.id]}
            ((_command, _id, trace),) = vals.pop("mailing_trace_ids")
            trace = {key: value for key, value in trace.items() if key != "sms_tracker_ids"}
            sms_vals.append(vals)
            trace_vals.append(trace)
        # sudo: as Odoo's composer, which creates a mailing's SMS as superuser (the sender was checked as the user)
        sms_all = bulk_insert(self.env["sms.sms"].sudo(), sms_vals)
        campaign = self.mailing_id.campaign_id.id  # what the traces' related campaign_id would compute, once
        for sms_id, trace in zip(sms_all.ids, trace_vals, strict=True):
            trace.update(sms_id_int=sms_id, campaign_id=campaign)
        traces = bulk_insert(self.env["mailing.trace"].sudo(), trace_vals)
        bulk_insert(
            # sudo: the trackers with the SMS and traces, as Odoo's composer makes them
            self.env["sms.tracker"].sudo(),
            [
                {"sms_uuid": vals["uuid"], "mailing_trace_id": trace_id}
                for vals, trace_id in zip(sms_vals, traces.ids, strict=True)
            ],
        )
        # the mailing's short links get the SMS's id (mass_mailing_sms), for the SMS that contain one
        prefix = self.get_base_url() + "/r/"
        with_links = sms_all.browse(
            [sms_id for sms_id, vals in zip(sms_all.ids, sms_vals, strict=True) if prefix in (vals["body"] or "")]
        )
        bodies = with_links._update_body_short_links()
        for sms in with_links:
            sms.body = bodies[sms.id]
        return sms_all
