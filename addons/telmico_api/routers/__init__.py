from . import attachments, clients, requests, templates

ROUTERS = [requests.router, attachments.router, clients.router, templates.router]
