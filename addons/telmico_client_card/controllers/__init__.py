from . import billing, portal
