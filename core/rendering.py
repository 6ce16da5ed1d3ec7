from django.shortcuts import render


def render_form(request, template_name: str, context: dict):
    """Render a page with a form; 400 when the form shows errors, so bad input is a 4xx."""
    form = context.get("form")
    status = 400 if form is not None and form.errors else 200
    return render(request, template_name, context, status=status)
