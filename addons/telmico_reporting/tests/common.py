import io
import re
import zipfile
from xml.etree import ElementTree

from freezegun import freeze_time

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.telmico_desk.tests.common import DeskCase

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(content):
    """The rows of the first sheet of an .xlsx file as {row number: {column letter: value}}: strings from the shared
    strings, numbers as floats (a minimal reader: openpyxl is not a dependency of the suite)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")) for item in root.findall("m:si", NS)]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = {}
    for cell in sheet.iter(f"{{{NS['m']}}}c"):
        value = cell.find("m:v", NS)
        if value is None:
            continue
        column, row = re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r")).groups()
        rows.setdefault(int(row), {})[column] = shared[int(value.text)] if cell.get("t") == "s" else float(value.text)
    return rows


class ReportingCase(DeskCase):
    """A known week of the support team, on Telmico's calendar (Mon-Fri 9-13 and 14-18, Tbilisi), around the
    public holiday of Tuesday 3 March 2026:

    - ``email_request``: e-mail registered Mon 2 March 17:00, answered Wed 4 March 10:00 (2 working hours, 41 hours),
      resolved Wed 15:00 (6 working hours, 46 hours): standard SLA met;
    - ``urgent_call``: urgent phone call registered Mon 10:00 (answered at once), resolved Wed 12:00 (10 working
      hours, 50 hours): the urgent SLA (8 working hours) breached;
    - ``open_request``: e-mail registered Mon 11:00 of the other team, still open.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = mail_new_test_user(
            cls.env, login="rep_manager", groups="telmico_reporting.group_reporting_manager", name="მენეჯერი"
        )
        cls.team.leader_id = cls.leader
        with freeze_time("2026-03-02 13:00:00"):  # Mon 17:00 in Tbilisi
            cls.email_request = cls._request(subject="Invoice", user_id=cls.agent.id)
        with freeze_time("2026-03-02 06:00:00"):  # Mon 10:00
            cls.urgent_call = cls._request(subject="No power", channel="phone", priority="3", user_id=cls.agent2.id)
        with freeze_time("2026-03-02 07:00:00"):  # Mon 11:00
            cls.open_request = cls._request(subject="Meter", team_id=cls.other_team.id, user_id=cls.outsider.id)
        with freeze_time("2026-03-04 06:00:00"):  # Wed 10:00
            cls.email_request.with_user(cls.agent).message_post(
                body="We are looking into it.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time("2026-03-04 08:00:00"):  # Wed 12:00
            cls.urgent_call.with_user(cls.agent2).action_resolve()
        with freeze_time("2026-03-04 11:00:00"):  # Wed 15:00
            cls.email_request.with_user(cls.agent).action_resolve()
        cls.env.flush_all()
        cls.Daily = cls.env["telmico.reporting.request.daily"]
