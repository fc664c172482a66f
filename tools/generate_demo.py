# Run inside `tools/odoo shell -d DB` (tools/run.py does): generates the demo data.
# Environment: DEMO_SIZE (clients, default 2000), DEMO_SEED, TELMICO_BILLING_URL (the
# billing simulator to pull subscribers from; without it records are applied directly) and
# TELMICO_BILLING_TOKEN (the API token tools/run.py generated and gave the simulator).
# ruff: noqa: F821  (`env` is provided by odoo shell)
import os

size = int(os.environ.get("DEMO_SIZE", "2000"))
seed = int(os.environ.get("DEMO_SEED", "20261122"))
billing_url = os.environ.get("TELMICO_BILLING_URL")
if os.environ.get("TELMICO_BILLING_TOKEN"):
    env.ref("telmico_client_card.billing_backend_main").api_token = os.environ["TELMICO_BILLING_TOKEN"]
stats = env["telmico.demo"]._generate(size=size, seed=seed, billing_url=billing_url, commit=True)
env["ir.config_parameter"].set_param("telmico.demo_ready", "1")
env.cr.commit()
print("demo data:", ", ".join(f"{count} {kind}" for kind, count in stats.items()))
