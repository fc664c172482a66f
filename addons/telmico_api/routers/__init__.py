from . import attachments, clients, customers, requests, templates

ROUTERS = [requests.router, attachments.router, clients.router, templates.router, customers.router]
