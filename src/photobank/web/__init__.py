"""The web interface for people: search, asset pages, sign-in and licensing.

Server-rendered Jinja2 pages over the same domain services as the API skins,
enhanced by one small local script (:mod:`photobank.web.routes` lists the paths).
"""
