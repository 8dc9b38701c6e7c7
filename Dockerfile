# Odoo's official image with what CRM Suite adds to it: numpy and scipy for the predictive
# customer value (crm_suite's external dependencies), from Debian's own packages.
FROM odoo:19
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-numpy python3-scipy \
    && rm -rf /var/lib/apt/lists/*
USER odoo
