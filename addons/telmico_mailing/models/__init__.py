from . import mailing_trace
