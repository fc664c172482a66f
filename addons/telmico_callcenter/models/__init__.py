from . import (
    res_partner,
    res_users,
    telmico_call,
    telmico_call_report,
    telmico_callback,
    telmico_callcenter_connection,
    telmico_callcenter_event,
    telmico_callcenter_wallboard,
    telmico_communication,
    telmico_desk,
    telmico_request,
    telmico_request_work_session,
)
