from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel

MAX_SAVED_FILTER_NAME = 100
MAX_SAVED_QUERY = 1000


class SavedList(models.TextChoices):
    """The lists a filter can be saved for (zvh.web.saved_filters says where each one is)."""

    REFERRALS = "referrals", _("Aanmeldingen")
    CASES = "cases", _("Casussen")
    CONFERENCES = "conferences", _("Casusoverleggen")
    PERSONS = "persons", _("Betrokkenen")


class SavedFilter(BaseModel):
    """A user's own filter of a list, kept in one house (decision 0180): the list's query
    string (filters and sort, never a name searched for), one click from the start page. Only
    its owner sees or uses it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    list_key = models.CharField(_("lijst"), max_length=20, choices=SavedList.choices)
    name = models.CharField(_("naam"), max_length=MAX_SAVED_FILTER_NAME)
    query = models.CharField(max_length=MAX_SAVED_QUERY, blank=True)

    class Meta:
        verbose_name = _("bewaard filter")
        verbose_name_plural = _("bewaarde filters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "house", "name"], name="saved_filter_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
