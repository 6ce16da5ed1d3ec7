"""Administrators' own questions: checked when saved, asked in residents' words."""

from django import forms

from casework.questions import question_answers, question_fields, validate_questions

QUESTIONS = [
    {"key": "blocking", "label": "Is it blocking the road?", "type": "yesno"},
    {
        "key": "size",
        "label": "How much is there?",
        "type": "radios",
        "choices": ["A bag or two", "A car boot load", "A van load or more"],
    },
    {"key": "seen", "label": "Did you see who left it?", "type": "textarea", "required": False},
]


def test_good_questions_have_no_errors():
    assert validate_questions(QUESTIONS) == []


def test_each_mistake_is_named_with_its_question_number():
    errors = validate_questions(
        [
            {"key": "a b", "label": ""},
            {"key": "x", "label": "X", "type": "radios", "choices": ["only"]},
            {"key": "x", "label": "Again", "type": "slider", "colour": "red"},
            "not an object",
        ]
    )
    text = " ".join(errors)
    assert "Question 1 needs a 'key'" in text
    assert "Question 1 needs a 'label'" in text
    assert "Question 2: radios need at least two 'choices'" in text
    assert "Question 3 repeats the key 'x'" in text
    assert "Question 3 has unknown settings: colour" in text
    assert "Question 3: 'type' must be one of" in text
    assert "Question 4 must be an object" in text
    assert validate_questions({"key": "x"}) == ["Questions must be a JSON list of objects."]


def test_fields_ask_the_questions_and_say_what_is_missing():
    class Form(forms.Form):
        pass

    form = Form(data={"size": "A van load or more"})
    form.fields.update(question_fields(QUESTIONS))
    assert not form.is_valid()
    assert form.errors["blocking"] == ["Select yes or no for ‘Is it blocking the road?’"]
    assert "seen" not in form.errors

    form = Form(data={"blocking": "yes", "size": "A van load or more"})
    form.fields.update(question_fields(QUESTIONS))
    assert form.is_valid()
    assert question_answers(QUESTIONS, form.cleaned_data) == [
        ("Is it blocking the road?", "Yes"),
        ("How much is there?", "A van load or more"),
        ("Did you see who left it?", ""),
    ]


def test_a_choice_not_offered_is_refused():
    class Form(forms.Form):
        pass

    form = Form(data={"blocking": "maybe", "size": "Loads"})
    form.fields.update(question_fields(QUESTIONS))
    assert not form.is_valid()
    assert set(form.errors) == {"blocking", "size"}
