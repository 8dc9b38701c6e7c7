# Builders of the demo data (called from the demo XML files); abstract, they store nothing.
from . import crm_suite_demo
