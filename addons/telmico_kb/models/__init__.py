# isort: skip_file
from . import telmico_kb_category
from . import telmico_kb_tag
from . import telmico_kb_synonym
from . import telmico_kb_word
from . import telmico_kb_article
from . import telmico_kb_article_version
from . import telmico_kb_news_read
from . import telmico_kb_feedback
from . import telmico_kb_search_log
