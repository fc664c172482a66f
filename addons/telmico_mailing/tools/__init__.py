from . import bulk, compliance
