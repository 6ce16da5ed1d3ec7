"""The lowest layer: helpers every other package may use, importing nothing of the project.

Rendering (``core.rendering``, ``core.forms``), GOV.UK wording of dates and times
(``core.formatting``), the project clock (``core.clock``) and the generic plug-in
registry (``core.registry``). Not a Django app: it has no models or templates.
"""
