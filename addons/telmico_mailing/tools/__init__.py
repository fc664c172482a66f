from . import compliance
