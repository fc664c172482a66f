"""Simulators of the external systems Telmico CRM talks to, one module per system.

Each speaks the contract that the matching adapter's README documents, on a shared base
(``base.Simulator``: a threaded HTTP server, a request log and fault injection). Tests
start them in-process (``with BillingSimulator(size=500) as sim: ... sim.url``); ``make run``
starts them as processes (``python -m simulators.billing --port 8099``).
"""
