"""Search by image: visual signatures of assets and uploads, and ranking by them."""
