from . import (
    test_audience,
    test_cabinet,
    test_communications,
    test_compliance,
    test_georgian,
    test_mailbox,
    test_recurrence,
    test_security,
    test_sms_options,
    test_sms_queuing,
    test_triggers,
    test_ui,
)
