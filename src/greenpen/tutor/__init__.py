"""The tutor: answer a student's question from the course packs (`ask`), and check an AI chat
transcript against them (`check`).

    retrieve.py    which questions of the packs a text is about (embeddings + word overlap)
    ask.py         an answer composed from the packs' own text, with its sources, or a plain "not covered"
    transcript.py  chat transcripts (Markdown, ChatGPT and Claude JSON exports) as turns
    check.py       the assistant's statements that the packs' misconceptions match or key points deny
"""
