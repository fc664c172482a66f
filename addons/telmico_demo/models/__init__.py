from . import telmico_demo
