"""Documents made in the background (PDF): bills, statements, letters, rent statements.

A core capability below the services and above accounts. A service registers a *kind*
(``registry.kinds.add``) with a renderer that turns the document's ``params`` into a
title, a file name and HTML, and an access rule (by default: the owner only). Then:

- ``actions.document_request(owner=..., kind=..., params=...)`` finds or makes the
  Document for exactly those params (idempotent: asking twice makes one) and queues
  ``tasks.document_render_task`` once the transaction commits;
- the worker renders the HTML with WeasyPrint as a tagged PDF (PDF/UA-1), stores it
  and marks the Document ready, or failed (the status page offers to try again, and so
  it does for one stuck "being made" longer than ``STUCK_AFTER``);
- ``documents:status`` says "being made" and refreshes itself without JavaScript (a
  meta refresh and a link), and ``documents:download`` hands the file over; both ask the
  one access function, ``selectors.document_for_viewer`` (404 for anyone the kind's
  rule refuses, the same as for a document that does not exist).

A document is a copy, made again on request: it is kept for its kind's ``keep_days``
(``documents_purge``, daily) and goes with its owner's account when that is closed.
Waste's printable calendar keeps its own machinery: it is made for an address, for
anyone who asks, not for a person.

Params are the data the document shows, as the resident saw it (a snapshot), so the PDF
always matches the page it was asked from, and the worker needs no back office.
"""
