from odoo.tests import tagged

from .common import CallcenterCase

DESK_URL = "/odoo/action-telmico_desk.telmico_desk_action"
WALLBOARD_URL = "/odoo/action-telmico_callcenter.telmico_callcenter_wallboard_action"


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

    def test_wallboard_renders(self):
        """The supervisor's wallboard renders its figures and the agents' table."""
        self.sim.play(self.sim.call("ui-1", caller="+995599123456", extension="101", outcome="answered"))
        code = """
            (async () => {
                for (let i = 0; i < 100; i++) {
                    const agents = document.querySelector(".o_telmico_wallboard_agents");
                    if (agents && agents.textContent.includes("ნინო ოპერატორი")) {
                        console.log("test successful");
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                console.error("the wallboard did not render");
            })();
        """
        self.browser_js(WALLBOARD_URL, code, ready="odoo.isReady", login="cc_manager")

    def test_call_to_request_tour(self):
        """A call rings for the agent; from the Desk they register a request for the caller: the call is linked."""
        self.sim.post_event(self.sim.call("ui-2", caller="599 12 34 56", extension="101", ivr_choice="2")[0])
        self.start_tour(DESK_URL, "telmico_callcenter_call_to_request_tour", login="cc_agent")
        call = self.call_of("ui-2")
        request = call.request_id
        self.assertTrue(request.name.startswith("REQ-"))
        self.assertEqual(
            (request.channel, request.partner_id, request.subject), ("phone", self.client, "გადახდის კითხვა")
        )
        self.assertEqual(request.subscriber_ids, self.subscriber)
