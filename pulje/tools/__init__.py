"""Tools for whoever maintains pulje, not for its users: the rule table (``make docs``) and the
message catalogue's extraction and check (``make catalogs``)."""
