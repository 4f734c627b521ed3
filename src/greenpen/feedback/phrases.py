"""The wording of the feedback, one table per language.

Each slot holds several phrasings; the writer picks one with a stable hash of the student
and the question, so a class does not read as one template while a re-run is
byte-identical. Placeholders in braces are filled by the writer:

    {quote}      the student's own words with their quote marks: "a clause" of prose, `a line` of code
    {praise}     the rubric's praise clause, e.g. "you say the loss measures …"
    {Praise}     the same, capitalised
    {hint}       the rubric's hint clause, e.g. "say what the loss compares"
    {correction} a misconception's correction as a sentence ({Correction}: capitalised)
    {note}       a going-further note, {where} the course section, {part} a question part

To add a language, copy the "en" table, translate every phrasing (keep the placeholders)
and add it to `TABLES`; `tests/test_feedback.py` checks the tables have the same slots.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import GreenpenError

Table = Mapping[str, tuple[str, ...]]

EN: Table = {
    # ── openings, by verdict and situation ──
    "open_excellent": (
        "This is an excellent answer.", "Excellent — this is exactly what the question asks for.",
        "A very good answer.", "Great answer.", "This is a complete and clear answer.",
        "Very well explained.", "A thorough answer.", "Spot on.", "This is exactly right.",
    ),
    "open_correct": (
        "Good answer.", "This is correct.", "Well done — this is right.", "Nicely answered.",
        "Correct, and clearly put.", "This is a solid answer.", "Yes, that's right.", "Right.",
        "You have this one.",
    ),
    "open_partial": (
        "You're on the right track.", "A good start.", "There's a solid core here.",
        "The main idea is here, but the answer stops short.", "This is partly there.",
        "Good thinking so far, but the answer is not complete yet.", "Part of the answer is here.",
    ),
    # a partial answer none of whose key points is stated: nothing to call its "core" or "main idea"
    "side_right": ('"{side}" is right, as far as it goes.',
                   'You take the right side, "{side}"; the answer needs more than that.'),
    "reason_left_out": ('{quote} is right as far as it goes, but the question also asks why.',
                        'You give {quote}, which is right; now say why, as the question asks.'),
    "side_right_reason": ('"{side}" is right. Compare your reason with the model answer\'s.',
                          'You take the right side, "{side}"; check your reason against the model answer.'),
    "open_partial_none": (
        "This is on the topic, but the main point is not there yet.",
        "There is something to build on here, but the key idea is still missing.",
        "This stays close to the question without quite answering it yet.",
        "Not there yet: the answer is on topic, but the central point is missing.",
    ),
    "open_partial_unsure": (
        "I can't find the model answer's main point in your answer; set the two side by side.",
        "The model answer's main point is not clearly in your answer; compare the two.",
    ),
    "open_partial_check": ("Look at this one again next to the model answer.",
                           "This needs another look against the model answer."),
    "open_partial_wrong": (
        "Much of this is right, but one statement needs correcting.", "A good start, with one thing to fix.",
        "Parts of this are right; one claim is not.", "You're on the right track, but watch one statement.",
    ),
    "open_incorrect_some": (
        "There's a good idea in here, but the answer as a whole misses the mark.",
        "You have part of the idea, but something important is wrong or missing.",
        "Some of this is right, but not the central point.",
    ),
    "open_incorrect": (
        "This one needs another look.", "Not quite — let's go through it.",
        "This answer misses the main idea.", "Let's revisit this one.",
    ),
    "missing": (
        "You didn't answer this question.", "There's no answer to this one yet.",
        "This one was left blank.",
    ),
    "missing_not_in_file": ("I didn't find this question in your file.", "This question is not in what you sent."),
    "missing_hint": ("As a starting point: {hint}.", "To get going: {hint}.", "A way in: {hint}."),
    "unassessable": (
        "I couldn't assess this answer from what you sent.",
        "There is nothing here I can assess yet.",
    ),
    # ── the student's own analogy or example ──
    "analogy": (
        "I like {name}: it puts the idea in your own terms.",
        "{Name} works well: it puts the idea in everyday terms.",
        "{Name} is a good touch.",
        "Nice choice of {name}; it makes the idea easy to follow.",
    ),
    "example": (
        'Your example ({quote}) makes it concrete.',
        'Giving an example ({quote}) was a good move: it makes the idea concrete.',
        'The example you give ({quote}) helps a lot.',
    ),
    # ── key points the student states ──
    "praise_quote": (
        'When you write {quote}, {praise}.',
        '{Praise} ({quote}).',
        'I like that {praise}: {quote}.',
        'In {quote}, {praise}.',
        '{Praise} — {quote} says it well.',
        '{Praise}, as {quote} shows.',
        'Good: {praise}, with {quote}.',
        '{quote} is the right idea: {praise}.',
        'You get it right with {quote}: {praise}.',
    ),
    # a point drawn from the model answer (a question with only a reference answer); {ref} is a whole
    # sentence or clause of it, never a cut one
    "ref_quote": (
        'When you write {quote}, you make the point the model answer makes: "{ref}".',
        'You write {quote}, which is what the model answer says too: "{ref}".',
        '{quote}: that is the model answer\'s point, "{ref}".',
        'In {quote} you have the idea at the heart of the model answer, "{ref}".',
        'Writing {quote}, you say what the model answer says: "{ref}".',
    ),
    "ref_quote_only": (
        "When you write {quote}, you make one of the model answer's points.",
        "In {quote} you have a point the model answer makes too.",
        "{quote} is one of the points the model answer makes.",
    ),
    # the same on an answer judged correct: "one of the points" would take back the verdict
    "ref_quote_only_right": (
        "When you write {quote}, you say what the model answer says.",
        "In {quote} you have the model answer's idea.",
        "{quote} says what the model answer says.",
    ),
    "ref_none_right": (
        "You make the model answer's point.",
        "Your answer has the model answer's idea.",
    ),
    # no words of the student's to show for it: the praise says how close the answer comes, and does not put the model
    # answer's sentence in the student's mouth
    "ref_plain": (
        'Your answer comes close to the model answer\'s point, "{ref}".',
        'What you write is close to the model answer\'s point: "{ref}".',
    ),
    "ref_none": (
        "You make one of the points the model answer makes.",
        "Your answer has one of the model answer's key points.",
    ),
    "ref_all_quote": (
        "You make every point the model answer makes, {quote} among them.",
        "Every point of the model answer is in your answer, {quote} included.",
    ),
    "ref_all": (
        "You make every point the model answer makes.",
        "Every point of the model answer is in your answer.",
    ),
    "praise_plain": ("{Praise}.", "I can see that {praise}.", "Good: {praise}.", "Rightly, {praise}."),
    "praise_more": ("You also {rest}.", "Beyond that, you {rest}.", "And you {rest}."),
    "complete": (
        "Nothing essential is missing.", "You cover every point the question needs.",
        "All the essential points are there.", "That covers everything the question asks.",
    ),
    # ── details and mistakes ──
    "count_more": (
        'A small detail: you announce "{said}" and then list {n} {what}. The list is the better part — '
        "just make the opening sentence match it.",
        'While you mention "{said}" at first, you actually list {n} {what}, which is even better: it shows '
        "the complete picture. Just make the count match.",
        'One detail: "{said}" at the start, then {n} {what} in the list. Make the two agree so the reader '
        "isn't thrown.",
    ),
    "count_fewer": (
        'You announce "{said}" but list only {n} {what}: is one missing, or is the count off?',
        'A small detail: "{said}" at the start, but only {n} {what} follow. Check which one is right.',
    ),
    "count_other": ("A small detail: {detail}. Make the two match.",),
    "contradiction": (
        'Check {quote} against the model answer, which says: "{reference}". The two do not seem to agree.',
        'Compare {quote} with the model answer ("{reference}"): they seem to say different things.',
    ),
    "uncalled": ("Your output shows `{shown}`: the code prints `{name}` itself instead of calling it. Write "
                 "`{name}()` to get its value.",),
    "contradiction_plain": (
        'Check {quote} against the chapter: it does not seem to agree with the model answer.',
    ),
    "misconception": (
        'One thing to correct: {quote} is not right. {Correction}',
        'Careful with {quote}: {correction}',
        'You write {quote}, but that is a common mix-up: {correction}',
        'Watch out for {quote}. In fact, {correction}',
    ),
    "letters_only": (
        "Spelling out the letters is a start; now say {detail}.",
        "You give what the letters stand for; the question asks {detail}.",
    ),
    # a "why" part the answer gives a reason for that is not the one the rubric holds
    "part_reason": (
        "You give a reason ({quote}), but not yet the one the question is after: {part}.",
        "Check the reason you give ({quote}) against the chapter: the question asks {part}.",
    ),
    "part": (
        "The question also asks about {part}, and your answer leaves that out.",
        "You answer one part, but the question also asks about {part}.",
        "Don't forget the part of the question about {part}.",
    ),
    "hint": (
        "To make it complete, {hint}.", "To round it off, {hint}.", "Next step: {hint}.",
        "One thing to add: {hint}.", "To strengthen it, {hint}.",
    ),
    "hint_start": ("To get there, {hint}.", "Start with this: {hint}.", "Next step: {hint}."),
    "hint_more": ("Also, {hint}.", "And {hint}.", "Then {hint}."),
    "hint_correct": (
        "For completeness, {hint}.", "You could also {hint}.", "One small addition: {hint}.",
        "If you want it complete, {hint}.", "A detail worth adding: {hint}.",
    ),
    "reveal": ("What's missing: {text}.", "A complete answer also includes this: {text}."),
    "reveal_more": ("It also needs: {text}.", "And one more: {text}."),
    "near_miss": ('Check the word: the term is "{term}", not "{word}".',
                  'Close, but the word you want is "{term}" ("{word}" is something else).'),
    "reveal_start": ("A good answer says: {text}.", "The model answer: {text}."),
    "marks_wrong": ("Your marks, {quote}, do not match the model answer's.",
                    "The model answer marks these items otherwise than you do ({quote})."),
    "other_value": ("You give {value}, but that is not the value the model answer gives.",
                    "The value is not {value}; check how the model answer gets its value."),
    "other_numbered_name": ('You write "{word}", but the name is "{term}": the number is what tells the two apart.',
                            'The name is "{term}", not "{word}" (that is another thing).'),
    "other_methods": ("You name {word}, but the methods this needs are {term}.",
                      "The methods are {term}, not {word}."),
    "step_order": ("You name every step, but not in the order they go: {order}.",
                   "All the steps are here; check their order, which is {order}."),
    "opposite_word": ('In {quote} you write "{said}" where the model answer says "{meant}".',
                      'Check the word "{said}" in {quote}: the model answer says "{meant}" there.'),
    "swapped_roles": ('In {quote} the two are the other way round. The model answer says: "{reference}"',
                      'Check which is which in {quote}: the model answer has them the other way round '
                      '("{reference}").'),
    "premise_denied": ("The question takes it as given that this does not work, and asks why; you answer {quote}.",
                       "You answer {quote}, but the question asks why it cannot be so."),
    "yes_no_wrong": ('You answer {quote}, but the right answer is "{reference}".',
                     'The answer is "{reference}", not {quote}.'),
    # ── code ──
    "code_ok": ("Your code runs and gives the right result{detail}.", "I ran your code, and it works{detail}."),
    "code_wrong": (
        "Your code runs, but not as the question asks: {detail}.",
        "I ran your code, and it does not do what the question asks: {detail}.",
    ),
    "code_error": (
        "Your code stops with an error: {detail}. Run it once yourself before handing it in.",
        "When I ran your code it failed: {detail}. Try it in a notebook first.",
    ),
    "code_unrunnable": (
        "I couldn't run your code as it stands: {detail}. So I judged it by reading it.",
        "Your code could not be run as written: {detail}. I read it instead of running it.",
    ),
    "code_not_run": ("I did not run your code: {detail}. I judged it by reading it.",),
    "code_not_checked": ("I ran your code, but could not check its result: {detail}. I judged it by reading it.",),
    "no_code": (
        "The question asks for code, and your answer has none{detail}. Write it out and run it.",
        "This question wants code{detail}: write the few lines and try them.",
    ),
    # ── drawings and off-topic text ──
    "attachment_named": (
        'The question also asks for {part}. Your file mentions "{name}", but the image itself didn\'t come '
        "with your answers, so I couldn't assess that part — please send the image again.",
    ),
    "attachment_none": (
        "The question also asks for {part}, and there's no drawing in what you sent, so I couldn't assess "
        "that part — please attach an image of it.",
    ),
    "grader": (
        'Your answer speaks to the grader ({quote}) instead of answering the question, so it earns no '
        "marks here.",
        'This addresses the grader ({quote}) rather than the question, so there is nothing to mark yet.',
    ),
    "no_attempt": (
        "You say you don't know this one yet, and that's fine to say.",
        "Not knowing yet is a fair answer to give.",
    ),
    # the detector measures how far an answer is from the question: a wrong answer on the topic
    # ("xb@weights + bias" for "What is an activation function?") is far too, so no claim about its topic
    "off_topic": (
        "This doesn't answer the question that was asked.",
        "As it stands, this does not answer the question.",
    ),
    # an answer of a word or three ("No.", "Recommendations"): too little to show an idea, right or wrong
    "off_topic_short": (
        "A few words like these don't show me the idea behind your answer yet.",
        "This is too short for me to see what you know: explain it in a sentence or two.",
    ),
    # ── going further, where to read ──
    "further": (
        "To make it excellent, {note}", "For an even stronger answer, {note}", "To take it further, {note}",
        "To lift it from good to excellent, {note}", "One step further: {note}",
        "If you want to go further, {note}", "A next step for you: {note}",
    ),
    "further_partial": ("Once that's in, {note}", "To build on what you wrote, {note}",
                        "After that, {note}"),
    "read": ("Re-read {where}.", "{Where} covers this.", "See {where}.", "It's all in {where}."),
    "read_missing": ("It's covered in {where}.", "See {where}."),
    # ── overall assessment ──
    # {n} answers handed in, {total} questions, {c} correct, {p} partly correct; {are}: "is" when {c} is one
    "overall_open_high": (
        "Your work shows a strong understanding of the material: {c} of your {n} answers {are} correct.",
        "This is strong work: {c} of your {n} answers {are} correct.",
        "Your answers are solid, with {c} of {n} correct.",
        "You know this material well: {c} of your {n} answers {are} correct.",
    ),
    "overall_open_mid": (
        "You have a good grasp of much of this material: {c} of your {n} answers {are} correct.",
        "{c} of your {n} answers {are} correct, so the ideas are there, with gaps to close.",
        "Your work shows a fair understanding, with {c} of your {n} answers correct and some gaps to close.",
        "Much of this is right ({c} of {n} answers), and some answers need more work.",
    ),
    "overall_open_low": (
        "Some of the ideas are there, but only {c} of your {n} answers {are} correct, so a good part of this "
        "set needs another pass.",
        "You have the basics of several topics, but with {c} of {n} answers correct there are real gaps to "
        "close.",
        "This set needs another pass: {c} of your {n} answers {are} correct so far.",
    ),
    "overall_open_partial": (
        "{p} more are on the right track but incomplete.",
        "Another {p} are partly there.",
        "{p} more are partly right.",
    ),
    "overall_open_partial_one": ("One more is on the right track but incomplete.", "One more is partly there."),
    "overall_open_subset_all": (
        "You answered {n} of the {total} questions, and all of those answers are correct.",
        "Of the {total} questions, you answered {n}, all of them correctly.",
    ),
    "overall_open_subset_some": (
        "You answered {n} of the {total} questions; {c} of those answers {are} correct.",
        "Of the {total} questions, you answered {n}; {c} of those answers {are} correct.",
        "You handed in answers to {n} of the {total} questions, {c} of them correct.",
    ),
    "overall_open_subset_none": (
        "You answered {n} of the {total} questions, and none of those answers is complete yet.",
        "Of the {total} questions, you answered {n}; none of those answers is fully right yet.",
    ),
    "overall_open_none": (
        "There is not much here to assess yet.",
    ),
    "overall_analogies": (
        "I'm particularly impressed by your use of analogies ({items}): it shows you are not just "
        "memorising concepts but understanding them.",
        "Your analogies work well ({items}); explaining ideas in everyday terms is a sign of real "
        "understanding.",
    ),
    "overall_examples": (
        "You back up your ideas with concrete examples ({items}), which makes them convincing.",
    ),
    "overall_section": (
        "Your answers on {section} ({qs}) are all correct.",
        "Everything you wrote on {section} is right ({qs}).",
    ),
    "overall_code_ok": ("Your code runs and gives the right results ({items}).",
                        "In {items} your code runs and does what the question asks."),
    "overall_code_ok_one": ("Your code in {items} runs and gives the right result.",
                            "In {items} your code runs and does what the question asks."),
    "overall_complete": ("Your answers are complete: they cover what each question asks.",),
    "next_intro": ("What to work on next:", "Next steps:", "The things to work on next:"),
    "next_misconception": ("{q}: {correction}{where}",),
    "next_yes_no": ('{q}: the answer is "{answer}"{where}',),
    "next_value": ("{q}: the value is {answer}{where}",),
    "next_name": ('{q}: the name is "{answer}"{where}',),
    "next_opposite": ('{q}: you wrote "{said}" where the model answer says "{meant}"{where}',),
    "next_parts": (
        "Read each question to the end: {qs} ask more than one thing, and part of the question went "
        "unanswered.",
    ),
    "next_letters": ("In {q}, spelling out the letters is a start: now say {detail}.",),
    "next_part_one": ("{q} asks more than one thing; answer every part.",),
    "next_code": ("Check the code you hand in: {problems}.",),
    "code_problem_error": ("in {qs} it stops with an error",),
    "code_problem_wrong": ("in {qs} it does not do what the question asks",),
    "code_problem_missing": ("{qs} {asks} for code that is not there",),
    "next_missing": ("Answer every question: {qs} {was} left blank.",),
    "next_not_in_file": ("{qs} {is_} not in your file: answer {them} too.",),
    "next_not_in_file_many": ("{m} of the questions are not in your file: answer them too, or check that you sent the "
                              "whole file.",),
    "next_unsure": ("Have a go at {qs} too, where you say you don't know yet.",),
    "next_missing_many": (
        "Have a go at the {m} questions left blank: each has a pointer above to where the course covers it.",
        "Try the {m} questions left blank too; the feedback on each says where to start.",
    ),
    "next_attachments": ("Send the drawings for {qs} again: only their file names came through.",),
    "next_elsewhere": ("Put the work for {qs} in your answers: {points} to a notebook or file that is not part "
                       "of what you sent, so {could} not be assessed.",),
    "next_grader": ("Answer the question itself in {qs}: text addressed to the grader earns no marks.",),
    "next_incomplete": ("Develop {q} further: the main idea is there but points are missing{where}.",),
    "next_wrong": ("Go back over {q}{where}.",),
    "next_wrong_many": ("Go back over {qs}: the feedback on each says what to look at again.",),
    "next_not_yet": ("Go back over {q}: I could not find its main point in your answer{where}.",),
    "next_not_yet_many": ("Go back over {qs}: I could not find their main points in your answers; the feedback on "
                          "each says where to start.",),
    "next_brief": (
        "Several answers ({qs}) have part of the answer but stop short: the feedback on each says what to add.",
        "In {qs} you have part of the answer but not all of it: the feedback on each says what is missing.",
    ),
    "where_paren": (" (see {where})",),
    "where_sentence": (". See {where}",),
    "where_colon": (": re-read {where}",),
    "score": ("Score: {pct} — {parts}.",),
    "score_subset": ("Score: {pct} over all {total} questions — you answered {n}: {parts}.",),
    "score_answered": ("{n} correct",),
    "score_correct": ("{n} of the {total} questions answered correctly",),
    "score_partial": ("{n} partly correct",),
    "score_incorrect": ("{n} incorrect",),
    "score_missing": ("{n} not answered",),
    "score_unassessable": ("{n} could not be assessed",),
    "and": (" and ",),
}

NUMBER_WORDS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                   "eleven", "twelve")

TABLES: dict[str, Table] = {"en": EN}
NUMBER_WORDS: dict[str, tuple[str, ...]] = {"en": NUMBER_WORDS_EN}


def phrases_for(language: str) -> Table:
    """The phrase table of `language`; an unknown language is an error that says what exists."""
    try:
        return TABLES[language]
    except KeyError:
        raise GreenpenError(
            f'no feedback phrases for language "{language}" — use one of: {", ".join(sorted(TABLES))} '
            "(or add a table to greenpen/feedback/phrases.py)"
        ) from None


def number_word(n: int, language: str = "en") -> str:
    words = NUMBER_WORDS.get(language, NUMBER_WORDS_EN)
    return words[n] if 0 <= n < len(words) else str(n)
