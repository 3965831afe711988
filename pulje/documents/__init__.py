"""The documents pulje writes: the pool's Word template (built by code), the STAR form filled in
with pulje's own part, and the budget attachment as Word and Excel. PDF and pages are
``office``'s; the build that puts them together is ``report``'s."""
