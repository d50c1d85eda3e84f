# Django's Dutch formats, spelled out so that the house's choice does not hang on a default.
DATE_FORMAT = "j F Y"  # 7 december 2026
DATETIME_FORMAT = "j F Y H:i"  # 7 december 2026 14:30
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j-n-Y"  # 7-12-2026
SHORT_DATETIME_FORMAT = "j-n-Y H:i"
