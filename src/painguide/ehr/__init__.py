"""painguide inside the EHR: Infobutton (MedlinePlus Connect-compatible) and CDS Hooks, as pure functions.

`infobutton.py` and `cdshooks.py` take a request's parameters or JSON and
return a `Reply` (status, content type, body); they import no web
framework. `routes.py` adapts them to Starlette for `painguide serve`.
"""
