def migrate(cr, version):
    """The model year becomes text, so that an asset without one shows none instead of 0."""
    cr.execute(
        """
        ALTER TABLE crm_suite_service_asset
        ALTER COLUMN year TYPE varchar(4) USING NULLIF(year, 0)::varchar
        """
    )
