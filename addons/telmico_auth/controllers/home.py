from odoo.addons.auth_signup.controllers.main import AuthSignupHome


class TelmicoAuthHome(AuthSignupHome):
    def get_auth_signup_config(self):
        """The login page links to the verified self-registration instead of free sign-up."""
        config = super().get_auth_signup_config()
        config["telmico_self_registration"] = True
        return config
