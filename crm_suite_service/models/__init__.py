from . import crm_suite_segmentation
