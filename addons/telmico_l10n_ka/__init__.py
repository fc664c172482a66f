from . import code_translations, models
