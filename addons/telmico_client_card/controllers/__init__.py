from . import billing
