"""Word, low level: the XML helpers (``xml``), the page layout and styles (``styles``) and the
python-docx implementation of the forms' abstract writer (``writer``)."""
