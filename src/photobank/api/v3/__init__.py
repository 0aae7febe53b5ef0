"""The Getty Images v3 REST skin."""
