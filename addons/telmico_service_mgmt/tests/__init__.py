from . import (
    test_catalogue,
    test_deadlines,
    test_distribution,
    test_routing,
    test_service,
    test_service_security,
    test_ui,
    test_waiting,
    test_working_time,
)
