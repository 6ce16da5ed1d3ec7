"""Forms of the journey engine itself."""

from django import forms


class SendForm(forms.Form):
    """Check your answers: sends exactly the answers the page showed."""

    version = forms.CharField(widget=forms.HiddenInput, max_length=100)


def rebound_data(form, files):
    """``form``'s posted data again, with ``files`` (those now kept with the answers)
    listed and ticked: for a form with files (``casework.uploads.PendingFilesMixin``)
    whose files were fine while another answer was not, so they are not chosen again."""
    data = form.data.copy()
    data.setlist("keep", [file.key for file in files])
    data["listed"] = ",".join(file.key for file in files)
    return data
