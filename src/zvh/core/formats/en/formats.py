# The same order as the Dutch pages, in English words: not "Dec. 7, 2026" or "12/07/2026".
DATE_FORMAT = "j F Y"  # 7 December 2026
DATETIME_FORMAT = "j F Y H:i"  # 7 December 2026 14:30
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j-n-Y"  # 7-12-2026
SHORT_DATETIME_FORMAT = "j-n-Y H:i"
