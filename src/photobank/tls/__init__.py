"""Transport security: development certificates, HTTP+HTTPS serving, and who counts as TLS.

Whether a request came over TLS is read from the connection itself (uvicorn sets
``scope["scheme"]`` to ``https`` on its TLS listener); ``X-Forwarded-Proto`` is
believed only from the proxies listed in ``PHOTOBANK_TRUSTED_PROXIES``, so a
client cannot claim a secure transport it does not have.
"""
