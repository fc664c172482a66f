from . import (
    test_billing_contract,
    test_billing_push,
    test_billing_secrets,
    test_billing_sync,
    test_client_card,
    test_client_scope,
    test_client_search,
    test_duplicates,
    test_indexes,
    test_security,
    test_ui,
    test_views,
)
