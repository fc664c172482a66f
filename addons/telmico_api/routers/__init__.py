from . import clients, requests

ROUTERS = [requests.router, clients.router]
