"""The legacy Connect API (v1, JSON over POST): a second skin over the same domain.

Same catalog, search, accounts, tokens and licensing as the v3 skin; only the
wire format differs. ``envelope`` owns the envelope and its decisions (HTTP 200
for application errors, lower-case ``Status``, ``/Date(ms+0000)/`` dates),
``context`` the token and transport rules, and one module per operation group
the operations (each module's docstring records its decisions on the spec's
uncertainties). Lightboxes are boards of
the boards service, the very objects ``/v3/boards`` serves.
"""
