from . import generators, models
