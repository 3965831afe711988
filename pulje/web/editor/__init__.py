"""The project leader's form in the browser: drafts kept on the server in versions
(``store``), the round's form drawn from the kinds' widget descriptors (``view``) and read back
into the answer file's structure (``fields``, ``names``), the engine's findings placed beside
the fields they concern (``findings``), and the page gauge measured in the background, newest
change first (``gauge``)."""
