from . import (
    test_bank_demo,
    test_bank_statement_demo,
    test_callcenter_demo,
    test_demo,
    test_demo_data,
    test_kb_demo,
    test_mailing_demo,
    test_paid_services_demo,
    test_tasks_demo,
)
