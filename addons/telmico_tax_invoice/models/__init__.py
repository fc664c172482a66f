from . import account_move, telmico_rs_connection
