from . import protocol
