from odoo.tests import tagged

from .common import CallcenterCase

DESK_URL = "/odoo/action-telmico_desk.telmico_desk_action"


@tagged("post_install", "-at_install", "telmico_callcenter")
class TestUi(CallcenterCase):
    def test_screen_pop_service_runs_in_the_web_client(self):
        """The agent's web client loads the screen-pop service (a broken asset would leave agents without pops)."""
        code = """
            const module = odoo.loader.modules.get("@telmico_callcenter/screen_pop/screen_pop_service");
            if (!module || !module.callcenterScreenPopService) {
                throw new Error("the screen pop service is not loaded");
            }
            console.log("test successful");
        """
        self.browser_js(DESK_URL, code, ready="odoo.isReady", login="cc_agent")
