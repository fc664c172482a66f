# Benchmark: knowledge-base search over tens of thousands of Georgian pages.
#
#   BENCH_ARTICLES=50000 tools/odoo shell -d <throw-away db with telmico_kb> --no-http < tests/benchmarks/bench_kb_search.py
#
# Generates BENCH_ARTICLES published Georgian pages (titles, keywords and bodies of a few hundred
# words made from a Georgian vocabulary with its case endings) through the ORM, in batches of 1000
# with one commit each, then times, as a knowledge-base user (record rules apply), the search of
# the knowledge-base screen (``kb_search``: parsing, stems, synonyms, typo look-up, ranking, count,
# highlighted snippets of the first 20) against a plain ``ilike`` on the title and the body of the
# same rows (``search`` of 20, what a naive search does), for the same queries in the same run.
# Prints p50/p95 in ms and how many pages each found; for kb_search also the CPU time it used (Odoo
# and its PostgreSQL backend, which must run on this machine), and the load average: on a shared
# machine the wall time grows with the others' load, the CPU time does not. Never run by
# `make test`; the database gets the data: use a throw-away one.
# ruff: noqa: F821  (`env` is provided by odoo shell)
import itertools
import os
import random
import statistics
import time

from odoo import Command

N = int(os.environ.get("BENCH_ARTICLES", "50000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
ILIKE_ROUNDS = int(os.environ.get("BENCH_ILIKE_ROUNDS", "2"))
BATCH = 1000
rng = random.Random(42)

# the stems of the subjects of the pages (each page is about two of them) ...
TOPICS = [
    "ტარიფ",
    "აბონენტ",
    "მრიცხველ",
    "გადახდ",
    "დავალიანებ",
    "დეპოზიტ",
    "ქვითრ",
    "ბალანს",
    "კილოვატსაათ",
    "ელექტროენერგი",
    "მომხმარებელ",
    "ხელშეკრულებ",
    "განცხადებ",
    "პრეტენზი",
    "საჩივარ",
    "გათიშვ",
    "ჩართვ",
    "ავარი",
    "ძაბვ",
    "ქსელ",
    "ბანკ",
    "ბარათ",
    "აპარატ",
    "ფილიალ",
    "ოპერატორ",
    "სერვის",
    "მომსახურებ",
    "საფასურ",
    "თანხ",
    "ჯარიმ",
    "შეღავათ",
    "სუბსიდი",
    "პენსიონერ",
    "მესაკუთრ",
    "მისამართ",
    "სადარბაზო",
    "ბინ",
    "სახლ",
    "ობიექტ",
    "კორპუს",
    "ჩვენებ",
    "შემოწმებ",
    "დათვალიერებ",
    "კონტროლიორ",
    "ტექნიკოს",
    "ვიზიტ",
    "გრაფიკ",
    "ვად",
    "დღ",
    "თვ",
    "პერიოდ",
    "გადაანგარიშებ",
    "კორექტირებ",
    "დოკუმენტ",
    "ცნობ",
    "ასლ",
    "საიდენტიფიკაციო",
    "პირად",
    "ნომერ",
    "ტელეფონ",
    "ელფოსტ",
    "შეტყობინებ",
    "ვებგვერდ",
    "აპლიკაცი",
    "კაბინეტ",
    "პაროლ",
    "ანგარიშ",
    "გადარიცხვ",
    "საკომისიო",
    "ლარ",
    "თეთრ",
    "ფას",
    "გეგმ",
    "განვადებ",
    "ვალდებულებ",
    "კანონ",
    "წეს",
    "ინსტრუქცი",
    "პროცედურ",
]
# ... and the rest of the language: 3000 Georgian-looking stems, frequent ones first (Zipf)
CONSONANTS = "ბგდვზთკლმნპჟრსტფქღყშჩცძწჭხჯჰ"
VOWELS = "აეიოუ"
ENDINGS = ["ი", "ის", "ს", "ით", "ზე", "ში", "ები", "ების", "ებს", "ებით", "ებზე", "ა", "ად", "იდან"]
VERBS = [
    "უნდა",
    "იხდის",
    "ამოწმებს",
    "არეგისტრირებს",
    "აცნობებს",
    "ითხოვს",
    "ასრულებს",
    "აგზავნის",
    "იღებს",
    "ცვლის",
    "აბრუნებს",
    "ითვლის",
    "ხსნის",
    "აჩვენებს",
    "ადასტურებს",
    "განიხილავს",
]
GLUE = [
    "და",
    "ან",
    "თუ",
    "რომ",
    "არ",
    "ამ",
    "ყველა",
    "ახალი",
    "ძველი",
    "მიმდინარე",
    "წინა",
    "ერთი",
    "ორი",
    "სამი",
    "მხოლოდ",
    "ასევე",
]


def _stem():
    syllables = [rng.choice(CONSONANTS) + rng.choice(VOWELS) for _i in range(rng.randint(2, 4))]
    return "".join(syllables) + rng.choice(CONSONANTS)


VOCABULARY = [_stem() for _i in range(3000)]
for topic in TOPICS:  # the subjects are frequent words of the language too, not the most frequent
    VOCABULARY.insert(rng.randint(20, 1500), topic)
ZIPF = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))


def word(topics=None):
    in_topic = topics and rng.random() < 0.25
    stem = rng.choice(topics) if in_topic else rng.choices(VOCABULARY, cum_weights=ZIPF)[0]
    return stem + ENDINGS[rng.randrange(len(ENDINGS))]


def sentence(topics):
    words = [word(topics) for _i in range(rng.randint(4, 9))]
    words.insert(rng.randint(1, len(words)), VERBS[rng.randrange(len(VERBS))])
    words.insert(rng.randint(0, len(words)), GLUE[rng.randrange(len(GLUE))])
    return " ".join(words) + "."  # never .capitalize(): it makes Georgian Mtavruli


def page(index):
    topics = rng.sample(TOPICS, 2)
    title = " ".join([topics[0] + rng.choice(ENDINGS), *(word() for _i in range(rng.randint(2, 4)))])
    paragraphs = [" ".join(sentence(topics) for _j in range(rng.randint(3, 6))) for _i in range(rng.randint(3, 6))]
    return {
        "name": f"{title} {index}",
        "kind": ("article", "script", "article", "news")[index % 4],
        "keywords": ", ".join(rng.choice(topics) + rng.choice(ENDINGS) for _i in range(rng.randint(1, 3))),
        "summary": sentence(topics),
        "body": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        "state": "published",
        "public": index % 3 == 0,
    }


Article = env["telmico.kb.article"].with_context(tracking_disable=True, mail_create_nolog=True)
existing = Article.search_count([])
if existing < N:
    print(f"--- generating {N - existing} pages")
    t0 = time.time()
    for start in range(existing, N, BATCH):
        Article.create([page(index) for index in range(start, min(N, start + BATCH))])
        env.cr.commit()
        if (start // BATCH) % 10 == 0:
            print(f"  {min(N, start + BATCH)} pages, {time.time() - t0:.0f}s", flush=True)
    env["telmico.kb.word"]._kb_rebuild()
    env.cr.commit()
    print(f"generated in {time.time() - t0:.0f}s")
env.cr.execute("ANALYZE telmico_kb_article")
env.cr.execute("ANALYZE telmico_kb_word")
env.cr.execute("SELECT count(*), pg_size_pretty(pg_total_relation_size('telmico_kb_article')) FROM telmico_kb_article")
count, size = env.cr.fetchone()
env.cr.execute("SELECT count(*) FROM telmico_kb_word")
words = env.cr.fetchone()[0]
print(f"pages: {count} ({size} with indexes), vocabulary: {words} words")

# a plain user of the knowledge base (not odoo.tests.new_test_user: importing the test framework
# outside a test run logs an error)
user = env["res.users"].search([("login", "=", "bench_kb_user")]) or env["res.users"].with_context(
    no_reset_password=True
).create(
    {
        "name": "bench_kb_user",
        "login": "bench_kb_user",
        "groups_id": [Command.set([env.ref("telmico_kb.group_kb_user").id])],
    }
)
env.cr.commit()
# as an RPC of the web client: the user's time zone comes in the context
UserArticle = env["telmico.kb.article"].with_user(user).with_context(tz="Asia/Tbilisi", lang="en_US")
QUERIES = [
    "ტარიფები",  # a frequent word
    "ტარიფ",  # partial
    "ტარიფებს",  # another case form
    "tarifebi",  # Latin-typed
    "gadakhda",
    "მრიცხველის ჩვენება",  # two words
    "დეპოზიტის დაბრუნება",
    "ტარფები",  # typo
    "მრიცხვლის",  # typo
    "პრეტენზია",
    "საკომისიო ბანკი",
    "ახალი ტარიფი პენსიონერებისთვის",  # three words
    "ავარია სადარბაზოში",
    "kontrolioris viziti",
    "xelshekruleba",
    "ქვაბი",  # a word no page has
]


env.cr.execute("SELECT pg_backend_pid()")
BACKEND_STAT = f"/proc/{env.cr.fetchone()[0]}/stat"  # PostgreSQL on this machine: its CPU time is readable


def backend_cpu():
    """CPU seconds used so far by this cursor's PostgreSQL backend (0 when not readable)."""
    try:
        with open(BACKEND_STAT) as stat:
            fields_ = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def timed(function, cpu=None):
    """Wall time in ms; with ``cpu`` (a list), also appends the CPU ms of Odoo and PostgreSQL together.

    On a shared machine the wall time grows with the load of the others; the CPU time does not.
    """
    c, b, t = time.process_time(), backend_cpu(), time.perf_counter()
    result = function()
    elapsed = (time.perf_counter() - t) * 1000
    if cpu is not None:
        cpu.append((time.process_time() - c + backend_cpu() - b) * 1000)
    return elapsed, result


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


ours, ours_cpu, plain = [], [], []
# warm-up, and the number of pages each finds
found = {}
for query in QUERIES:
    data = UserArticle.kb_search(query, log=False)
    found[query] = f"{data['count']}+" if data["more"] else str(data["count"])
# ours first, then the plain ilike: its full scans of the TOASTed texts would push the indexes out of
# PostgreSQL's buffers between two of our queries and measure the cache instead of the search
for _round in range(ROUNDS):
    for query in QUERIES:
        env.invalidate_all()
        elapsed, _data = timed(lambda q=query: UserArticle.kb_search(q, limit=20, log=False), ours_cpu)
        ours.append(elapsed)
ilike_found = {
    query: UserArticle.search_count(["|", ("name", "ilike", query), ("body", "ilike", query)]) for query in QUERIES
}
for _round in range(ILIKE_ROUNDS):
    for query in QUERIES:
        env.invalidate_all()
        elapsed, _data = timed(
            lambda q=query: UserArticle.search(["|", ("name", "ilike", q), ("body", "ilike", q)], limit=20)
        )
        plain.append(elapsed)

print(
    f"--- {len(QUERIES)} queries over {count} pages as a knowledge-base user: "
    f"kb_search {ROUNDS} rounds, then ilike {ILIKE_ROUNDS} rounds"
)
print(f"{'query':34s} {'kb_search finds':>16s} {'ilike finds':>12s}")
for query in QUERIES:
    print(f"{query:34s} {found[query]:>16s} {ilike_found[query]:>12d}")
print(
    f"kb_search (ranked, 20 results with snippets): p50 {percentile(ours, 0.5):6.1f} ms  p95 {percentile(ours, 0.95):6.1f} ms"
)
print(
    f"kb_search CPU (Odoo + PostgreSQL, {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms ticks): "
    f"p50 {percentile(ours_cpu, 0.5):6.1f} ms  p95 {percentile(ours_cpu, 0.95):6.1f} ms"
)
print(
    f"plain ilike on title and body (20 results): p50 {percentile(plain, 0.5):6.1f} ms  p95 {percentile(plain, 0.95):6.1f} ms"
)
print(f"mean: kb_search {statistics.mean(ours):.1f} ms, ilike {statistics.mean(plain):.1f} ms")
print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} cores")
env.cr.rollback()
