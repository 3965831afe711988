"""The files a submission package holds for the person who sends it (written by
``pulje.submission.channels``): what to type into Tilskudsportalen, or how to send where the
round does not say; and the folder of the files to upload to the portal. The desk recognises
the notes as pulje's own."""

CHECKLIST = "tjekliste-tilskudsportalen.md"
SEND_NOTE = "saadan-sendes-ansoegningen.md"
NOTES = (CHECKLIST, SEND_NOTE)
PORTAL_FOLDER = "Tilskudsportalen"
