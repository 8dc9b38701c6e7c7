def migrate(cr, version):
    """Approved job cards waiting for the workshop get their own stage, apart from the work in progress."""
    cr.execute("UPDATE repair_order SET service_stage = 'approved' WHERE state = 'confirmed'")
