from . import telmico_reporting_wizard
