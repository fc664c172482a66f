from .base import DemoGenerator
from .clients import ClientsDemo
from .desk import DeskDemo
from .services import ServicesDemo
