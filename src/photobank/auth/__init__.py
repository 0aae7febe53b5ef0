"""Authentication: the OAuth2 token endpoint, bearer tokens, request callers, throttling."""
