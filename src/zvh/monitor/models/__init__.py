"""The monitor's models: the house side (profile, questionnaire) and the national side (the
imported house records). Each side keeps its own module; this package names them for Django."""

from .house import Answer, HouseProfileVersion, Provenance, Questionnaire, QuestionnaireStatus
from .national import MonitorImport, NationalHouseRecord

__all__ = [
    "Answer",
    "HouseProfileVersion",
    "MonitorImport",
    "NationalHouseRecord",
    "Provenance",
    "Questionnaire",
    "QuestionnaireStatus",
]
