"""The project office's desk in the browser: uploaded drafts kept as batches (``batches``),
received within limits and unpacked from zips (``uploads``), laid out for the engine's
``pulje check`` under names that never come from the upload (``staging``), checked one batch at
a time in the background (``jobs``), and the findings as the check's JSON and as CSV
(``export``)."""
