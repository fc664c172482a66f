from . import (
    test_agent_states,
    test_ari,
    test_call_events,
    test_callbacks,
    test_click_to_call,
    test_communications,
    test_lookup,
    test_screen_pop,
    test_security,
    test_statistics,
    test_ui,
)
