from . import controllers, models, tools


def post_init_hook(env):
    """Close free sign-up: portal accounts on invitation only.

    ``auth_signup`` installs with ``auth_signup.invitation_scope = b2c`` ("Free sign up"): anybody could open a
    portal account at /web/signup and then read what portal users may read. A utility's cabinet belongs to
    identified customers, so the default here is "On invitation" (``b2b``): /web/signup without an invitation
    token answers 404, and customers register through the verified /my/register page instead. An administrator
    who really wants free sign-up can still choose it in Settings (it is a deliberate decision, not a default).
    """
    # sudo: a system parameter, set once at install
    env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2b")
