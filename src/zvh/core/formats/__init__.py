"""The house's date formats, one place for every page (FORMAT_MODULE_PATH; decision 0177).

Templates name the format, never spell it: `|date` ("7 december 2026"), `|date:"DATETIME_FORMAT"`
("7 december 2026 14:30"), `|date:"SHORT_DATE_FORMAT"` ("7-12-2026", dates of birth and narrow
table cells). English readers get the same order ("7 December 2026"), not the American one.
Only what is set here differs from Django's own locale files; input formats stay Django's
and the forms' own."""
