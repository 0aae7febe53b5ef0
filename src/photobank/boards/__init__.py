"""Boards: customers' named sets of assets (v3 boards, legacy lightboxes)."""
