from . import masking
