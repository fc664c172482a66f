"""Deterministic Georgian demo data for Telmico CRM (standard library only, no Odoo import).

Two sides of the same world are produced:

* billing **subscribers** (``subscriber(i)``), in the format of the billing system's API, and
* CRM **clients** (``clients(size)``), built household by household from the subscribers.

Every record depends only on ``(seed, kind, index)``: each one draws from its own
``random.Random(f"{seed}:{kind}:{i}")``, so any page of subscribers can be produced without
generating the earlier ones, and the same ``(seed, size)`` always gives identical output.
Identifiers that must be unique (personal numbers, company ids, meters, mobiles, contract
numbers) are not drawn at random: they are a keyed bijective scramble (a small Feistel network
with cycle walking) of a per-person counter, so they never collide within their capacity
(about 200 million households for personal numbers, 3.2 million for mobiles).

Person counter: household ``h`` owns the keys ``5 * h + slot`` (holder, family member, tenant,
company representative, walk-in client). Clients without a subscriber that are produced after
the last subscriber use the walk-in slot of the (never walked) households ``n, n + 1, ...``.
"""

import bisect
import csv
import datetime as dt
import functools
import heapq
import random

__all__ = [
    "DEFAULT_SEED",
    "DEMO_NOW",
    "clients",
    "subscriber",
    "subscriber_count",
    "subscriber_number",
    "subscriber_updated_at",
    "subscribers",
    "write_csv",
]

DEFAULT_SEED = 20261122
#: The demo's "now": all dates of the data are before it.
DEMO_NOW = "2026-11-22T00:00:00Z"
#: Clients per billing subscriber in a demo of ``size`` clients.
CLIENTS_PER_SUBSCRIBER = 1.45

# --------------------------------------------------------------------------- vocabulary

MALE_FIRST_NAMES = (
    "გიორგი", "დავით", "ლევან", "ნიკოლოზ", "ირაკლი", "ზურაბ", "თამაზ", "ალექსანდრე", "ლაშა", "მამუკა",
    "ვახტანგ", "ბექა", "სანდრო", "ოთარ", "რევაზ", "ნოდარ", "ზვიად", "ავთანდილ", "შოთა", "ილია",
    "გურამ", "კახა", "ლუკა", "ბესიკ", "ჯემალ", "გოჩა", "ტარიელ", "მერაბ", "პაატა", "თორნიკე",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "ნინო", "მარიამ", "თამარ", "ანა", "ეკატერინე", "ნათია", "ქეთევან", "სალომე", "მაია", "ლელა",
    "ხატია", "ნანა", "თეონა", "ელენე", "ნატო", "მანანა", "ირმა", "თინათინ", "სოფიო", "ლიკა",
    "ნესტან", "ეთერ", "ციალა", "ლია",
)  # fmt: skip
SURNAMES = (
    "ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "გიორგაძე", "ლომიძე", "წიკლაური", "ბოლქვაძე",
    "ნოზაძე", "ხუციშვილი", "შენგელია", "ჯაფარიძე", "აბაშიძე", "ჩხეიძე", "ქავთარაძე", "მჭედლიშვილი",
    "დოლიძე", "გოგიტიძე", "კვარაცხელია", "ტაბატაძე", "ხარაიშვილი", "ჯანელიძე", "სულაბერიძე", "ცინცაძე",
    "გოგოლაძე", "მიქაძე", "ჭანტურია", "ბახტაძე", "კიკნაძე", "ნაცვლიშვილი", "მამულაშვილი", "ღლონტი",
    "ბაქრაძე", "გაბუნია", "ჯავახიშვილი", "ლორთქიფანიძე", "ფხაკაძე", "ქურდაძე", "მეტრეველი", "კობახიძე",
    "სიხარულიძე", "ურუშაძე", "ჩიქოვანი", "თოდუა", "ელიავა",
)  # fmt: skip
#: Brand part of company names; a company is ``<form> "<brand><suffix>"``.
COMPANY_BRANDS = (
    "მზიური", "ქართული პური", "თბილისის სავაჭრო ცენტრი", "ალაზანი", "ივერია", "კოლხეთი", "არაგვი",
    "ოქროს საწმისი", "ვაზი", "ლომისი", "გეოფარმი", "კავკასიის ლოჯისტიკა", "ქართული რძე", "ვერის ბაღი",
    "საბურთალოს ბაზარი", "მეგა სერვისი", "თბილისის ცხობა", "ფერმერი", "ცისფერი ყანწი", "ენერგოტექი",
    "სტუმარი", "ძველი უბანი", "მთაწმინდის სახლი", "სამშენებლო ჯგუფი", "ნავთლუღის საწყობი",
)  # fmt: skip
COMPANY_SUFFIXES = ("", "", "", " პლუსი", " ჯგუფი", " 2000", " ჰოლდინგი", " სერვისი")

#: Tbilisi districts: (name, weight ~ population share, streets, plausible 01xx post codes).
DISTRICTS = (
    ("მთაწმინდა", 6, ("რუსთაველის გამზირი", "ლერმონტოვის ქუჩა", "ლესელიძის ქუჩა"), ("0105", "0108", "0118")),
    ("ვაკე", 10, ("ჭავჭავაძის გამზირი", "აბაშიძის ქუჩა", "ფალიაშვილის ქუჩა", "ბარნოვის ქუჩა"), ("0162", "0179")),
    (
        "საბურთალო",
        14,
        ("ვაჟა-ფშაველას გამზირი", "პეკინის გამზირი", "ყაზბეგის გამზირი", "ნუცუბიძის ქუჩა"),
        ("0160", "0171", "0177", "0186"),
    ),
    ("კრწანისი", 4, ("ბალანჩივაძის ქუჩა", "გორგასლის ქუჩა"), ("0103", "0114")),
    ("ისანი", 11, ("ქეთევან დედოფლის გამზირი", "ნავთლუღის ქუჩა"), ("0113", "0144", "0159")),
    ("სამგორი", 13, ("კახეთის გზატკეცილი", "ჯავახეთის ქუჩა"), ("0131", "0182", "0190")),
    ("ჩუღურეთი", 6, ("აღმაშენებლის გამზირი", "მარჯანიშვილის ქუჩა", "ჩხეიძის ქუჩა"), ("0102", "0112")),
    ("დიდუბე", 7, ("წერეთლის გამზირი", "დიდუბის ქუჩა"), ("0115", "0163", "0194")),
    ("ნაძალადევი", 12, ("ცოტნე დადიანის ქუჩა", "ლუბლიანას ქუჩა"), ("0119", "0141", "0153")),
    ("გლდანი", 14, ("ხიზანიშვილის ქუჩა", "გლდანის ქუჩა"), ("0167", "0172", "0189")),
)
_DISTRICT_CUM_WEIGHTS = tuple(sum(d[1] for d in DISTRICTS[: n + 1]) for n in range(len(DISTRICTS)))

#: Georgian -> Latin, for e-mail addresses.
TRANSLIT = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t", "ი": "i", "კ": "k",
    "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh", "რ": "r", "ს": "s", "ტ": "t", "უ": "u",
    "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q", "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts", "ჭ": "ch",
    "ხ": "kh", "ჯ": "j", "ჰ": "h",
}  # fmt: skip
_TRANSLIT_TABLE = str.maketrans({**TRANSLIT, "-": "", " ": "", '"': "", "/": ""})
EMAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "mail.ru")

#: Georgian mobile operator prefixes (``+995 5XX ...``); exactly 16 so that (prefix, 6 digits) is a 16M space.
MOBILE_PREFIXES = (
    "555", "557", "558", "568", "571", "574", "577", "579", "591", "592", "593", "595", "596", "597", "598", "599",
)  # fmt: skip
#: First two digits of personal numbers (region of registration): Tbilisi ("01") for 60%, else one of the others.
PN_TBILISI_SHARE = 0.6
PN_OTHER_PREFIXES = ("02", "12", "18", "20", "26", "33", "35", "38", "45", "54", "59", "60", "61", "62")

#: Tariffs: (kWh range of a month, price in 1/10000 GEL per kWh).
TARIFFS = {
    "RES-1": ((60, 101), 2484),
    "RES-2": ((101, 301), 3042),
    "RES-3": ((301, 600), 3510),
    "COM-1": ((500, 5000), 3400),
}
HOUSEHOLD_TARIFFS = ("RES-1", "RES-2", "RES-3")
#: Billed periods (the last six months) and their seasonal consumption factor.
PERIODS = (
    ("2026-05", 0.9),
    ("2026-06", 1.0),
    ("2026-07", 1.15),
    ("2026-08", 1.15),
    ("2026-09", 0.95),
    ("2026-10", 1.0),
)
#: Payment channels and the prefix of their payment references.
CHANNELS = (
    ("TBC ბანკი", "TBC"),
    ("საქართველოს ბანკი", "BOG"),
    ("Liberty ბანკი", "LIB"),
    ("სწრაფი გადახდის აპარატი", "KSK"),
    ("სერვის-ცენტრი", "SC"),
)
_CHANNEL_CUM_WEIGHTS = (35, 70, 80, 95, 100)

ROLES = ("owner", "tenant", "payer", "family", "representative")

# Household composition, as probabilities per household; tuned so that ~10% of clients have no
# subscriber and ~0.5% are near-duplicates.
P_COMPANY = 0.08
P_FAMILY = 0.30  # person households
P_REPRESENTATIVE = 0.50  # company households
P_TENANT = 0.08
P_PAYER = 0.05
P_WALK_IN = 0.156
P_DUPLICATE = 0.0088  # person owners with a phone (~87% of households)

_SLOTS = 5
_SLOT_HOLDER, _SLOT_FAMILY, _SLOT_TENANT, _SLOT_REPRESENTATIVE, _SLOT_WALK_IN = range(_SLOTS)

_UPDATED_FROM = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
_UPDATED_SPAN = int((dt.datetime(2026, 11, 22, tzinfo=dt.UTC) - _UPDATED_FROM).total_seconds())
_LAST_PAYMENT_DAY = dt.date(2026, 11, 21).toordinal()
#: Days from a bill's date to its due date (bills of the 1st are due on the 25th).
RECEIPT_DUE_DAYS = 24
#: (period, seasonal factor, ordinal and ISO date of the bill = 1st of the next month, charge id suffix)
_BILLS = tuple(
    (period, factor, date.toordinal(), date.isoformat(), period.replace("-", ""))
    for period, factor in PERIODS
    for date in [dt.date(int(period[:4]) + int(period[5:]) // 12, int(period[5:]) % 12 + 1, 1)]
)
_CONTRACT_FROM = dt.date(2010, 1, 1).toordinal()
_CONTRACT_TO = dt.date(2025, 12, 31).toordinal()
_BIRTH_FROM = dt.date(1936, 11, 23).toordinal()  # 90 years before DEMO_NOW
_BIRTH_TO = dt.date(2008, 11, 22).toordinal()  # 18 years before DEMO_NOW


# --------------------------------------------------------------------------- unique identifiers


@functools.lru_cache(maxsize=64)
def _round_keys(seed, purpose):
    """Four 32-bit Feistel round keys for one (seed, purpose)."""
    rng = random.Random(f"{seed}:perm:{purpose}")
    return tuple(rng.getrandbits(32) for _ in range(4))


def _permute(x, domain, half_bits, keys):
    """Keyed bijection of ``range(domain)``: Feistel network on ``2 ** (2 * half_bits)`` with cycle walking.

    ``domain`` must not exceed ``4 ** half_bits``; ``x`` is reduced modulo ``domain`` (beyond that
    capacity values repeat).
    """
    mask = (1 << half_bits) - 1
    x %= domain
    while True:
        left, right = x >> half_bits, x & mask
        for key in keys:
            h = (right * 0x9E3779B1 + key) & 0xFFFFFFFF
            h ^= h >> 15
            h = (h * 0x85EBCA6B) & 0xFFFFFFFF
            h ^= h >> 13
            left, right = right, left ^ (h & mask)
        x = (left << half_bits) | right
        if x < domain:
            return x


def _personal_number(key, rng, seed):
    """11-digit personal number: region prefix + scrambled 9-digit person key (unique per key)."""
    prefix = "01" if rng.random() < PN_TBILISI_SHARE else rng.choice(PN_OTHER_PREFIXES)
    return prefix + f"{_permute(key, 10**9, 15, _round_keys(seed, 'pn')):09d}"


def _company_id(key, rng, seed):
    """9-digit company identification code starting with 2 or 4 (unique per key)."""
    return rng.choice("24") + f"{_permute(key, 10**8, 14, _round_keys(seed, 'company')):08d}"


def _mobile(key, seed):
    """E.164 Georgian mobile number, unique per key (16 million numbers)."""
    x = _permute(key, 16 * 10**6, 12, _round_keys(seed, "mobile"))
    return f"+995{MOBILE_PREFIXES[x // 10**6]}{x % 10**6:06d}"


def _landline(key, seed):
    """E.164 Tbilisi landline ``+995 32 2XX XX XX`` (unique for the first million keys)."""
    return f"+995322{_permute(key, 10**6, 10, _round_keys(seed, 'landline')):06d}"


def _meter(key, seed):
    """8-digit meter number without a leading zero, unique per key."""
    return str(10**7 + _permute(key, 9 * 10**7, 14, _round_keys(seed, "meter")))


def _email(first, last, key, rng):
    """Latin e-mail address made unique by the person key (letters never end in digits)."""
    first_lat, last_lat = first.translate(_TRANSLIT_TABLE), last.translate(_TRANSLIT_TABLE)
    style = rng.random()
    if style < 0.5:
        local = f"{first_lat}.{last_lat}"
    elif style < 0.8:
        local = f"{first_lat[0]}{last_lat}"
    else:
        local = f"{last_lat}.{first_lat}"
    return f"{local}{key}@{rng.choice(EMAIL_DOMAINS)}"


# --------------------------------------------------------------------------- small helpers


def _pick(rng, items, cum_weights):
    """Weighted choice (a faster ``rng.choices(items, cum_weights=...)[0]``)."""
    return items[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]


def _money(tetri):
    """Format an amount in tetri (1/100 GEL) as ``"-12.34"``."""
    sign = "-" if tetri < 0 else ""
    tetri = abs(tetri)
    return f"{sign}{tetri // 100}.{tetri % 100:02d}"


def subscriber_number(i):
    """Billing number of subscriber ``i`` (0-based): ``"1"`` + 9-digit ``i + 1``."""
    return f"1{i + 1:09d}"


def subscriber_count(size):
    """Number of billing subscribers in a demo of ``size`` clients."""
    return max(1, round(size / CLIENTS_PER_SUBSCRIBER))


def _address(rng):
    """A random Tbilisi address dict (city, district, street, building, apartment, zip)."""
    name, _weight, streets, zips = _pick(rng, DISTRICTS, _DISTRICT_CUM_WEIGHTS)
    building = str(rng.randint(1, 150))
    if rng.random() < 0.08:
        building += rng.choice("აბგ")
    apartment = None if rng.random() < 0.25 else str(rng.randint(1, 120))
    return {
        "city": "თბილისი",
        "district": name,
        "street": rng.choice(streets),
        "building": building,
        "apartment": apartment,
        "zip": rng.choice(zips),
    }


def _first_name(rng):
    """A male or female Georgian first name."""
    return rng.choice(MALE_FIRST_NAMES if rng.random() < 0.5 else FEMALE_FIRST_NAMES)


def _other_surname(rng, surname):
    """A surname different from ``surname``."""
    while True:
        other = rng.choice(SURNAMES)
        if other != surname:
            return other


def _company_name(rng):
    """A company name such as ``შპს "მზიური"`` or ``ი/მ "ნოდარ ბერიძე"``; returns (name, brand)."""
    form = rng.random()
    if form < 0.12:
        brand = f"{_first_name(rng)} {rng.choice(SURNAMES)}"
        return f'ი/მ "{brand}"', brand
    brand = rng.choice(COMPANY_BRANDS) + rng.choice(COMPANY_SUFFIXES)
    return f'{"სს" if form < 0.20 else "შპს"} "{brand}"', brand


# --------------------------------------------------------------------------- subscribers


def _holder(i, seed):
    """Identity of the holder of subscriber ``i``: the public subscriber fields plus first/last names."""
    rng = random.Random(f"{seed}:holder:{i}")
    key = _SLOTS * i + _SLOT_HOLDER
    if rng.random() < P_COMPANY:
        name, brand = _company_name(rng)
        first = last = None
        personal_number, company_id = None, _company_id(2 * i, rng, seed)
        email = f"{brand.translate(_TRANSLIT_TABLE)}.{i}@{rng.choice(('gmail.com', 'mail.ge'))}"
        holder_type = "company"
    else:
        first, last = _first_name(rng), rng.choice(SURNAMES)
        name, brand = f"{first} {last}", None
        personal_number, company_id = _personal_number(key, rng, seed), None
        email = _email(first, last, key, rng)
        holder_type = "person"
    has_email = rng.random() < 0.35
    kind = rng.random()
    phone = _mobile(key, seed) if kind < 0.75 else _landline(key, seed) if kind < 0.95 else None
    return {
        "holder_name": name,
        "holder_type": holder_type,
        "personal_number": personal_number,
        "company_id": company_id,
        "phone": phone,
        "email": email if has_email else None,
        "address": _address(rng),
        "first_name": first,
        "last_name": last,
    }


def subscriber_updated_at(i, seed=DEFAULT_SEED):
    """``updated_at`` of subscriber ``i`` (cheap; spread over October - 21 November 2026, UTC)."""
    offset = random.Random(f"{seed}:updated:{i}").randrange(_UPDATED_SPAN)
    return (_UPDATED_FROM + dt.timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _charges_and_payments(number, tariff, status, rng):
    """The six monthly charges, the payments, the receipts and the balance (in tetri) of one subscriber."""
    (low, high), price = TARIFFS[tariff]
    base = rng.randint(low, high)
    charges = []  # (bill, kwh, amount in tetri)
    for bill in _BILLS:
        kwh = min(high, max(low, round(base * bill[1] * (0.9 + 0.2 * rng.random()))))
        charges.append((bill, kwh, (kwh * price + 50) // 100))

    # Payment behaviour: most pay every bill; ~15% (incl. all disconnected) owe 1-3 months; a few have a credit.
    unpaid = 0
    behaviour = rng.random()
    if status == "disconnected":
        unpaid = 3
    elif status != "closed" and behaviour < 0.12:
        unpaid = _pick(rng, (1, 2, 3), (60, 90, 100))
    round_up = status != "closed" and unpaid == 0 and behaviour > 0.97
    prepay = status != "closed" and unpaid == 0 and 0.95 < behaviour <= 0.97

    payments, paid = [], 0
    for bill, _kwh, amount in charges[: len(charges) - unpaid]:
        day = min(bill[2] + 2 + int(24 * rng.random()), _LAST_PAYMENT_DAY)
        value = -(-amount // 100) * 100 if round_up else amount
        payments.append((day, value))
        paid += value
    if prepay:
        value = rng.choice((10, 20, 20, 50, 50, 100)) * 100
        payments.append((_LAST_PAYMENT_DAY - int(21 * rng.random()), value))
        paid += value
    payments.sort()

    charge_dicts = [
        {
            "id": f"C{number}-{bill[4]}",
            "period": bill[0],
            "kwh": kwh,
            "amount": _money(amount),
            "date": bill[3],
        }
        for bill, kwh, amount in charges
    ]
    payment_dicts = []
    for n, (day_ordinal, value) in enumerate(payments, start=1):
        channel, code = _pick(rng, CHANNELS, _CHANNEL_CUM_WEIGHTS)
        day = dt.date.fromordinal(day_ordinal).isoformat()
        payment_dicts.append(
            {
                "id": f"P{number}-{n}",
                "date": day,
                "amount": _money(value),
                "channel": channel,
                "reference": f"{code}-{day.replace('-', '')}-{int(rng.random() * 10**8):08d}",
            }
        )
    balance = sum(charge[2] for charge in charges) - paid
    return charge_dicts, payment_dicts, _receipts(number, charges, payments), balance


def _receipts(number, charges, payments):
    """The bill of each charged month: what was charged, the balance carried over, what to pay and by when.

    Drawn from the charges and payments alone (no random draw), so that the rest of the world stays as it was.
    """
    receipts, charged = [], 0
    for bill, kwh, amount in charges:
        paid_before = sum(value for day, value in payments if day < bill[2])
        previous = charged - paid_before
        charged += amount
        receipts.append(
            {
                "id": f"R{number}-{bill[4]}",
                "number": f"{bill[4]}-{number}",
                "period": bill[0],
                "date": bill[3],
                "due_date": dt.date.fromordinal(bill[2] + RECEIPT_DUE_DAYS).isoformat(),
                "kwh": kwh,
                "amount": _money(amount),
                "previous_balance": _money(previous),
            }
        )
    return receipts


def subscriber(i, seed=DEFAULT_SEED):
    """Billing subscriber ``i`` (0-based) as a JSON-serialisable dict in the billing API format."""
    if i < 0:
        raise ValueError("subscriber index must be >= 0")
    holder = _holder(i, seed)
    rng = random.Random(f"{seed}:account:{i}")
    number = subscriber_number(i)
    meters = [_meter(2 * i, seed)]
    if rng.random() < 0.05:
        meters.append(_meter(2 * i + 1, seed))
    tariff = "COM-1" if holder["holder_type"] == "company" else _pick(rng, HOUSEHOLD_TARIFFS, (50, 90, 100))
    status = _pick(rng, ("active", "suspended", "disconnected", "closed"), (90, 94, 98, 100))
    contract_date = dt.date.fromordinal(rng.randint(_CONTRACT_FROM, _CONTRACT_TO))
    contract_serial = _permute(i, 10**6, 10, _round_keys(seed, "contract"))
    charges, payments, receipts, balance = _charges_and_payments(number, tariff, status, rng)
    return {
        "number": number,
        "holder_name": holder["holder_name"],
        "holder_type": holder["holder_type"],
        "personal_number": holder["personal_number"],
        "company_id": holder["company_id"],
        "phone": holder["phone"],
        "email": holder["email"],
        "address": holder["address"],
        "meters": meters,
        "tariff": tariff,
        "status": status,
        "balance": _money(balance),
        "contract_number": f"TLM-{contract_date.year}-{contract_serial:06d}",
        "contract_date": contract_date.isoformat(),
        "updated_at": subscriber_updated_at(i, seed),
        "charges": charges,
        "payments": payments,
        "receipts": receipts,
    }


def subscribers(start, stop, seed=DEFAULT_SEED):
    """Generate ``subscriber(i)`` for ``i`` in ``range(start, stop)``."""
    for i in range(start, stop):
        yield subscriber(i, seed)


# --------------------------------------------------------------------------- clients


def _client(company_type, name, first=None, last=None, **values):
    """A client dict with every key present (``ref`` is filled in by ``clients``)."""
    client = {
        "ref": None,
        "company_type": company_type,
        "name": name,
        "first_name": first,
        "last_name": last,
        "personal_number": None,
        "company_registry": None,
        "mobile": None,
        "phone": None,
        "email": None,
        "street": None,
        "street2": None,
        "city": None,
        "zip": None,
        "district": None,
        "birthday": None,
        "segment": None,
        "lang": "ka_GE",
        "links": [],
    }
    client.update(values)
    return client


def _address_fields(address):
    """Client address fields (street, street2, city, zip, district) from a subscriber address."""
    apartment = address["apartment"]
    return {
        "street": f"{address['street']} {address['building']}",
        "street2": f"ბ. {apartment}" if apartment else None,
        "city": address["city"],
        "zip": address["zip"],
        "district": address["district"],
    }


def _person_extras(rng, segment=True):
    """Client-only person fields: birthday (~75% known), segment, language."""
    birthday = dt.date.fromordinal(rng.randint(_BIRTH_FROM, _BIRTH_TO)).isoformat() if rng.random() < 0.75 else None
    draw = rng.random()
    return {
        "birthday": birthday,
        "segment": ("vip" if draw < 0.02 else "special" if draw < 0.05 else None) if segment else None,
        "lang": "en_US" if rng.random() < 0.10 else "ka_GE",
    }


def _new_person(rng, key, seed, address_fields, *, last=None, mobile=None, phone=None, links=()):
    """A person client with its own personal number (from ``key``), e-mail (~35%) and extras."""
    first = _first_name(rng)
    last = last or rng.choice(SURNAMES)
    email = _email(first, last, key, rng)
    return _client(
        "person",
        f"{first} {last}",
        first,
        last,
        personal_number=_personal_number(key, rng, seed),
        mobile=mobile or _mobile(key, seed),
        phone=phone,
        email=email if rng.random() < 0.35 else None,
        links=list(links),
        **address_fields,
        **_person_extras(rng),
    )


def _walk_in(h, seed, rng):
    """A client without any subscriber (walk-in), using the walk-in slot of household ``h``."""
    key = _SLOTS * h + _SLOT_WALK_IN
    address_fields = _address_fields(_address(rng))
    if rng.random() < 0.05:
        name, _brand = _company_name(rng)
        return _client(
            "company",
            name,
            company_registry=_company_id(2 * h + 1, rng, seed),
            phone=_landline(key, seed) if rng.random() < 0.5 else None,
            mobile=_mobile(key, seed),
            **address_fields,
        )
    return _new_person(rng, key, seed, address_fields)


def _near_duplicate(owner, rng):
    """A near-duplicate of a person client: same contacts and address, name spelled differently, no PN."""
    first, last = owner["first_name"], owner["last_name"]
    variant = rng.randrange(4)
    if variant == 0:  # first name abbreviated
        first = f"{first[0]}."
    elif variant == 1:  # extra space between the names
        first = f"{first} "
    elif variant == 2:  # surname first, as on some forms
        first, last = last, first
    else:  # a letter of the surname dropped
        cut = rng.randrange(1, len(last) - 1)
        last = last[:cut] + last[cut + 1 :]
    return _client(
        "person",
        f"{first} {last}",
        first,
        last,
        mobile=owner["mobile"],
        phone=owner["phone"],
        email=owner["email"] if rng.random() < 0.3 else None,
        street=owner["street"],
        street2=owner["street2"],
        city=owner["city"],
        zip=owner["zip"],
        district=owner["district"],
        lang=owner["lang"],
    )


def _household(h, n_sub, seed, pending):
    """Clients of household ``h``: owner, family/representative, tenant, walk-in; may queue a duplicate."""
    rng = random.Random(f"{seed}:household:{h}")
    if h >= n_sub:  # subscribers exhausted: only clients without a subscriber remain
        return [_walk_in(h, seed, rng)]
    holder = _holder(h, seed)
    number = subscriber_number(h)
    address_fields = _address_fields(holder["address"])
    phone = holder["phone"]
    mobile = phone if phone and phone.startswith("+9955") else None
    landline = phone if phone and not mobile else None
    links = [{"subscriber": number, "role": "owner"}]
    if h + 1 < n_sub and rng.random() < P_PAYER:
        links.append({"subscriber": subscriber_number(h + 1), "role": "payer"})
    if holder["holder_type"] == "company":
        owner = _client(
            "company",
            holder["holder_name"],
            company_registry=holder["company_id"],
            mobile=mobile,
            phone=landline,
            email=holder["email"],
            links=links,
            segment="vip" if rng.random() < 0.05 else None,
            **address_fields,
        )
    else:
        owner = _client(
            "person",
            holder["holder_name"],
            holder["first_name"],
            holder["last_name"],
            personal_number=holder["personal_number"],
            mobile=mobile,
            phone=landline,
            email=holder["email"],
            links=links,
            **address_fields,
            **_person_extras(rng),
        )
    result = [owner]
    if holder["holder_type"] == "company":
        if rng.random() < P_REPRESENTATIVE:
            key = _SLOTS * h + _SLOT_REPRESENTATIVE
            link = {"subscriber": number, "role": "representative"}
            result.append(_new_person(rng, key, seed, address_fields, links=[link]))
    elif rng.random() < P_FAMILY:
        key = _SLOTS * h + _SLOT_FAMILY
        link = {"subscriber": number, "role": "family"}
        family = _new_person(
            rng, key, seed, address_fields, last=holder["last_name"], mobile=mobile, phone=landline, links=[link]
        )
        result.append(family)
    if rng.random() < P_TENANT:
        key = _SLOTS * h + _SLOT_TENANT
        tenant_last = _other_surname(rng, holder["last_name"])
        link = {"subscriber": number, "role": "tenant"}
        result.append(_new_person(rng, key, seed, address_fields, last=tenant_last, links=[link]))
    if rng.random() < P_WALK_IN:
        result.append(_walk_in(h, seed, rng))
    if owner["company_type"] == "person" and (mobile or landline) and rng.random() < P_DUPLICATE:
        heapq.heappush(pending, (h + rng.randint(1, 40), h, _near_duplicate(owner, rng)))
    return result


def clients(size, seed=DEFAULT_SEED):
    """Generate exactly ``size`` CRM client dicts, consistent with ``subscriber(i, seed)``.

    Households are walked in subscriber order; near-duplicates are emitted a few households
    after their original. Streams: only a handful of pending duplicates are held in memory.
    """
    n_sub = subscriber_count(size)
    pending = []  # heap of (due household, origin household, client)
    emitted = 0
    h = 0
    while emitted < size:
        batch = _household(h, n_sub, seed, pending)
        while pending and pending[0][0] <= h:
            batch.append(heapq.heappop(pending)[2])
        for client in batch:
            emitted += 1
            client["ref"] = f"C{emitted:06d}"
            yield client
            if emitted >= size:
                return
        h += 1


# --------------------------------------------------------------------------- CSV export

SUBSCRIBER_COLUMNS = (
    "number", "holder_name", "holder_type", "personal_number", "company_id", "phone", "email",
    "city", "district", "street", "building", "apartment", "zip", "meters", "tariff", "status",
    "balance", "contract_number", "contract_date", "updated_at",
)  # fmt: skip
CHARGE_COLUMNS = ("subscriber", "id", "period", "kwh", "amount", "date")
PAYMENT_COLUMNS = ("subscriber", "id", "date", "amount", "channel", "reference")
RECEIPT_COLUMNS = ("subscriber", "id", "number", "period", "date", "due_date", "kwh", "amount", "previous_balance")


def write_csv(path_prefix, size, seed=DEFAULT_SEED):
    """Write ``<prefix>subscribers.csv``, ``<prefix>charges.csv``, ``<prefix>payments.csv``, ``<prefix>receipts.csv``.

    Streams ``subscriber_count(size)`` subscribers (UTF-8, header row; ``meters`` joined with ``;``,
    empty cells for nulls) and returns the number of rows written per file.
    """
    counts = {"subscribers": 0, "charges": 0, "payments": 0, "receipts": 0}
    with (
        open(f"{path_prefix}subscribers.csv", "w", encoding="utf-8", newline="") as subscribers_file,
        open(f"{path_prefix}charges.csv", "w", encoding="utf-8", newline="") as charges_file,
        open(f"{path_prefix}payments.csv", "w", encoding="utf-8", newline="") as payments_file,
        open(f"{path_prefix}receipts.csv", "w", encoding="utf-8", newline="") as receipts_file,
    ):
        subscriber_writer = csv.writer(subscribers_file)
        charge_writer = csv.writer(charges_file)
        payment_writer = csv.writer(payments_file)
        receipt_writer = csv.writer(receipts_file)
        subscriber_writer.writerow(SUBSCRIBER_COLUMNS)
        charge_writer.writerow(CHARGE_COLUMNS)
        payment_writer.writerow(PAYMENT_COLUMNS)
        receipt_writer.writerow(RECEIPT_COLUMNS)
        for record in subscribers(0, subscriber_count(size), seed):
            address = record["address"]
            number = record["number"]
            subscriber_writer.writerow(
                (
                    number, record["holder_name"], record["holder_type"], record["personal_number"],
                    record["company_id"], record["phone"], record["email"], address["city"], address["district"],
                    address["street"], address["building"], address["apartment"], address["zip"],
                    ";".join(record["meters"]), record["tariff"], record["status"], record["balance"],
                    record["contract_number"], record["contract_date"], record["updated_at"],
                )
            )  # fmt: skip
            charge_writer.writerows(
                (number, c["id"], c["period"], c["kwh"], c["amount"], c["date"]) for c in record["charges"]
            )
            payment_writer.writerows(
                (number, p["id"], p["date"], p["amount"], p["channel"], p["reference"]) for p in record["payments"]
            )
            receipt_writer.writerows(
                (number, *(r[column] for column in RECEIPT_COLUMNS[1:])) for r in record["receipts"]
            )
            counts["subscribers"] += 1
            counts["charges"] += len(record["charges"])
            counts["payments"] += len(record["payments"])
            counts["receipts"] += len(record["receipts"])
    return counts
