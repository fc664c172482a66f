from .base import DemoGenerator
from .callcenter import CallcenterDemo
from .clients import ClientsDemo
from .desk import DeskDemo
from .kb import KbDemo
from .mailing import MailingDemo
from .reporting import ReportingDemo
from .services import ServicesDemo
