# isort: skip_file
from . import telmico_kb_article
from . import telmico_request
from . import telmico_desk
