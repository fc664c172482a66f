from . import (
    test_api_attachments,
    test_api_cabinet,
    test_api_clients,
    test_api_keys,
    test_api_requests,
    test_api_schemathesis,
)
