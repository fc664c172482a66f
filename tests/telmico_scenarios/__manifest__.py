{
    "name": "Telmico Scenarios",
    "version": "18.0.1.1.0",
    "category": "Hidden/Tests",
    "summary": "Cross-addon scenarios and environment checks of the Telmico suite (tests only)",
    "author": "Telmico",
    "license": "LGPL-3",
    "depends": [
        "telmico_client_card",
        "telmico_service_mgmt",
        "telmico_desk",
        "telmico_callcenter",
        "telmico_paid_services",
        "telmico_mailing",
        "telmico_kb",
        "telmico_bank_statement",
    ],
    "installable": True,
}
