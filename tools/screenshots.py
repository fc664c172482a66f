"""Screenshots of the running demo, in Georgian, for the READMEs.

    .venv/bin/python tools/screenshots.py [--url http://127.0.0.1:8069] [--db telmico]

Logs in as the demo users (operator, portal), opens each screen in headless Chromium at desktop
(1440 x 900) and phone (390 x 844) size, waits until the screen has rendered, and writes PNG files
to ``addons/<addon>/static/description/screenshots/``. Run it against ``make run``.
"""

import argparse
import base64
import json
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = (1440, 900, False)
PHONE = (390, 844, True)

# (addon, file, login, path, size, CSS selector that says the screen is there)
SHOTS = [
    (
        "telmico_desk",
        "desk",
        "operator",
        "/odoo/action-telmico_desk.telmico_desk_action",
        DESKTOP,
        ".o_telmico_desk_item",
    ),
    (
        "telmico_desk",
        "desk_phone",
        "operator",
        "/odoo/action-telmico_desk.telmico_desk_action",
        PHONE,
        ".o_telmico_desk_item",
    ),
    (
        "telmico_desk",
        "new_request",
        "operator",
        "/odoo/action-telmico_desk.telmico_request_action/new",
        DESKTOP,
        ".o_form_view",
    ),
    (
        "telmico_desk",
        "request_list",
        "operator",
        "/odoo/action-telmico_desk.telmico_request_action",
        DESKTOP,
        ".o_data_row",
    ),
    ("telmico_desk", "portal_requests", "portal", "/my/requests", DESKTOP, ".o_portal_my_doc_table"),
    ("telmico_desk", "portal_requests_phone", "portal", "/my/requests", PHONE, ".o_portal_my_doc_table"),
    ("telmico_desk", "portal_new_request", "portal", "/my/requests/new", DESKTOP, "form.o_telmico_request_new"),
    (
        "telmico_client_card",
        "client_list",
        "operator",
        "/odoo/action-telmico_client_card.telmico_client_action",
        DESKTOP,
        ".o_data_row",
    ),
    (
        "telmico_mailing",
        "audiences",
        "admin",
        "/odoo/action-telmico_mailing.telmico_mailing_audience_action",
        DESKTOP,
        ".o_data_row",
    ),
    ("telmico_mailing", "portal_messages", "portal", "/my/messages", DESKTOP, "table tbody tr"),
    (
        "telmico_callcenter",
        "calls",
        "admin",
        "/odoo/action-telmico_callcenter.telmico_call_action",
        DESKTOP,
        ".o_data_row",
    ),
    (
        "telmico_callcenter",
        "wallboard",
        "admin",
        "/odoo/action-telmico_callcenter.telmico_callcenter_wallboard_action",
        DESKTOP,
        ".o_telmico_wallboard_agents",
    ),
    (
        "telmico_desk",
        "webhooks",
        "admin",
        "/odoo/action-telmico_desk.telmico_webhook_action",
        DESKTOP,
        ".o_view_controller",
    ),
    (
        "telmico_mailing",
        "mailboxes",
        "admin",
        "/odoo/action-telmico_mailing.telmico_mailing_mailbox_action",
        DESKTOP,
        ".o_data_row",
    ),
    (
        "telmico_paid_services",
        "orders",
        "operator",
        "/odoo/action-telmico_paid_services.sale_order_action_paid",
        DESKTOP,
        ".o_data_row",
    ),
    (
        "telmico_paid_services",
        "contracts",
        "operator",
        "/odoo/action-telmico_paid_services.telmico_paid_contract_action",
        DESKTOP,
        ".o_data_row",
    ),
    (
        "telmico_bank_payment",
        "transactions",
        "admin",
        "/odoo/action-telmico_bank_payment.telmico_bank_transaction_action",
        DESKTOP,
        ".o_data_row",
    ),
    (
        "telmico_tasks",
        "tasks",
        "supervisor",
        "/odoo/action-telmico_tasks.project_task_action",
        DESKTOP,
        ".o_kanban_record",
    ),
    (
        "telmico_reporting",
        "analysis",
        "admin",
        "/odoo/action-telmico_reporting.telmico_request_action_analysis",
        DESKTOP,
        ".o_view_controller",
    ),
]


def login(url, db, user):
    session = requests.Session()
    page = session.get(f"{url}/web/login", params={"db": db}, timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(f"{url}/web/login", data={"login": user, "password": user, "csrf_token": token, "db": db}, timeout=60)
    if "session_id" not in session.cookies:
        raise SystemExit(f"cannot log in as {user}")
    return session.cookies["session_id"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="telmico-shots-")
        port = free_port()
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "--lang=ka",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=1).json()
                break
            except requests.RequestException:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def shot(self, url, cookie, size, selector, target):
        width, height, mobile = size
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        host = re.match(r"https?://([^:/]+)", url).group(1)
        self.call("Network.setCookie", name="session_id", value=cookie, domain=host, path="/")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        self.call("Emulation.setTouchEmulationEnabled", enabled=mobile)
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        check = f"!!document.querySelector({json.dumps(selector)})"
        while time.time() < deadline:
            if self.call("Runtime.evaluate", expression=check).get("result", {}).get("value"):
                break
            time.sleep(0.5)
        else:
            raise SystemExit(f"{url}: {selector} did not appear")
        time.sleep(2)  # fonts, counters, the last repaint
        data = self.call("Page.captureScreenshot", format="png")["data"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="telmico")
    parser.add_argument("--only", help="a regular expression on the file names to take")
    args = parser.parse_args()
    cookies = {}
    chrome = Chrome()
    try:
        for addon, name, user, path, size, selector in SHOTS:
            if args.only and not re.search(args.only, name):
                continue
            if user not in cookies:
                cookies[user] = login(args.url, args.db, user)
            target = ROOT / "addons" / addon / "static" / "description" / "screenshots" / f"{name}.png"
            chrome.shot(args.url + path, cookies[user], size, selector, target)
            print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} kB", flush=True)
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
