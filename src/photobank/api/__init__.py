"""The API skins: thin translations between wire formats and the services."""
