"""``pulje build``: the documents of an application (``documents``), their pages (``office``),
the page limit (PAG) and report.json, written whole into the output folder."""
