# PostgreSQL 15 with the RUM index photobank's search uses (Debian's postgresql-15-rum).
FROM postgres:15-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15-rum \
    && rm -rf /var/lib/apt/lists/*
