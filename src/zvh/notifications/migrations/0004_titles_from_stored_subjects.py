"""Existing notifications get their title as key and parameters (decision 0179), recognised from
the stored Dutch text by the message ids of the time. A subject that fits none of them (one
stored in English because its sender used English, or a text of a test) keeps no key and is
shown as stored, as before."""

import re
from datetime import date

from django.db import migrations

# The titles' message ids when keys came in, as (singular, plural or "").
TEMPLATES = [
    ("Besluit over uw aanmelding %(number)s: %(decision)s", ""),
    ("U bent procesregisseur van casus %(number)s", ""),
    ("U bent casusregisseur van casus %(number)s", ""),
    ("U bent eigenaar van een afspraak in casus %(number)s", ""),
    ("Escalatie voorgesteld in casus %(number)s", ""),
    ("Er is een escalatie aan u gericht", ""),
    ("Reactie op de escalatie in casus %(number)s", ""),
    ("Verzoek tot overdracht van een casus door %(house)s", ""),
    ("%(house)s heeft de overdracht van casus %(number)s geweigerd", ""),
    ("%(house)s heeft casus %(number)s overgenomen", ""),
    ("U neemt de zorg over van casus %(number)s", ""),
    ("Evaluatie van casus %(number)s op %(date)s", ""),
    ("Een afspraak vraagt uw aandacht", "%(n)d afspraken vragen uw aandacht"),
    ("Overzicht: afspraken in uw casussen die aandacht vragen", ""),
    ("Convenanten: een waarschuwing", "Convenanten: %(n)d waarschuwingen"),
]
# The decisions' labels were translated at the time: kept as message ids.
LABELS = {"decision"}
MONTHS = {
    name: number
    for number, name in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december".split(),
        start=1,
    )
}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(%\(\w+\)[sd])", template)
    regex = ""
    for part in parts:
        found = re.fullmatch(r"%\((\w+)\)([sd])", part)
        if found:
            name, kind = found.groups()
            regex += rf"(?P<{name}>\d+)" if kind == "d" else rf"(?P<{name}>.+?)"
        else:
            regex += re.escape(part)
    return re.compile(rf"^{regex}$")


def _param(name: str, value: str):
    if name in LABELS:
        return {"msgid": value}
    if name == "n":
        return int(value)
    if name == "date":
        found = re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", value)
        if found and found.group(2) in MONTHS:
            day, month, year = found.groups()
            return {"date": date(int(year), MONTHS[month], int(day)).isoformat()}
    return value


def title_for(subject: str) -> dict:
    for singular, plural in TEMPLATES:
        for key in (singular, plural) if plural else (singular,):
            found = _pattern(key).match(subject)
            if found is None:
                continue
            params = {name: _param(name, value) for name, value in found.groupdict().items()}
            title = {"key": singular, "params": params}
            if plural:
                title |= {"plural": plural, "count": params.get("n", 1)}
            return title
    return {}


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    batch = []
    for notification in (
        Notification.objects.filter(title={}).only("id", "subject").iterator(chunk_size=2000)
    ):
        title = title_for(notification.subject)
        if title:
            notification.title = title
            batch.append(notification)
        if len(batch) >= 2000:
            Notification.objects.bulk_update(batch, ["title"])
            batch = []
    if batch:
        Notification.objects.bulk_update(batch, ["title"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_notification_title")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
