"""ZVH: the information system of the Zorg- en Veiligheidshuizen."""

# The one place the version is written: the package metadata (pyproject), the page footer and
# the API's response header read it from here (decision 0191). CHANGELOG.md says what changed.
__version__ = "0.14.0.dev0"
