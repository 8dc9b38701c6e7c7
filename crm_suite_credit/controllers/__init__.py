from . import sale_portal
