"""Translation catalogues without their empty fallbacks.

Django chains, behind each language's catalogue, the catalogues of the English
variants it found on the way (one per app that ships ``en`` files): for this
portal six that hold nothing but their header. A string with no translation,
which is every string of the default language (the source is English), then
walks all six before coming back untranslated: about 85 lookups a home page,
6.4 dictionary misses each. ``install`` drops the empty ones from every chain as
each language is first loaded; a catalogue that holds any message is kept, in
order, so what every page says is unchanged.
"""

from django.utils.translation import trans_real


def _is_empty(catalogue) -> bool:
    messages = getattr(catalogue, "_catalog", None)
    return isinstance(messages, dict) and set(messages) <= {""}  # "": the header alone


def without_empty_fallbacks(catalogue):
    node = catalogue
    while node is not None:
        following = getattr(node, "_fallback", None)
        while following is not None and _is_empty(following):
            following = following._fallback
        node._fallback = following
        node = following
    return catalogue


def install() -> None:
    """Trim each language's chain when Django first loads it (trans_real.translation)."""
    if getattr(trans_real.translation, "trims_empty_fallbacks", False):
        return
    load = trans_real.translation

    def translation(language):
        catalogue = load(language)
        if not getattr(catalogue, "_empty_fallbacks_trimmed", False):
            without_empty_fallbacks(catalogue)
            catalogue._empty_fallbacks_trimmed = True
        return catalogue

    translation.trims_empty_fallbacks = True
    trans_real.translation = translation
