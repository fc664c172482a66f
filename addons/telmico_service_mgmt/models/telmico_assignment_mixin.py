from odoo import fields, models


class TelmicoAssignmentMixin(models.AbstractModel):
    """Automatic distribution of work among the members of a group (department, desk team).

    The inheriting model has ``member_ids`` (users), ``assignment_method`` (``manual``, ``round_robin``
    or ``least_loaded``) and ``last_assigned_user_id``, and says how much open work a user has in
    ``_assignment_load``.
    """

    _name = "telmico.assignment.mixin"
    _description = "Automatic assignment among members"

    def _assignment_load(self, users):
        """Open work of each of ``users``: ``{user: count}`` (users without work may be left out)."""
        return {}

    def _available_members(self):
        """Members who can take work now: active users, not on leave today (their resource's leaves)."""
        self.ensure_one()
        members = self.member_ids.filtered("active")
        now = fields.Datetime.now()
        # sudo: employees see only their own leaves; routing needs to know who is away (nothing else is read)
        absent = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search([("resource_id.user_id", "in", members.ids), ("date_from", "<=", now), ("date_to", ">=", now)])
            .resource_id.user_id
        )
        return members - absent

    def _pick_assignee(self, method=None):
        """The member that the automatic assignment gives the next piece of work to (or nobody).

        ``method`` overrides the group's own method (``round_robin`` or ``least_loaded``).
        """
        self.ensure_one()
        method = method or self.assignment_method
        if method == "manual":  # nobody is picked: who is available is not looked up
            return self.env["res.users"]
        members = self._available_members().sorted("id")
        if not members:
            return self.env["res.users"]
        if method == "round_robin":
            later = members.filtered(lambda u: u.id > self.last_assigned_user_id.id)
            user = later[:1] or members[:1]
        else:
            load = self._assignment_load(members)
            user = min(members, key=lambda u: (load.get(u, 0), u.id))
        self.sudo().last_assigned_user_id = user  # sudo: the pointer moves whoever routes the work
        return user
