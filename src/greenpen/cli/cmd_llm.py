"""`greenpen packs draft` (a pack file drafted by the language model) and `greenpen llm` (its settings).

The model is configured by GREENPEN_LLM_URL / GREENPEN_LLM_MODEL / GREENPEN_LLM_KEY or the
[llm] table of settings.toml in the greenpen folder; nothing is sent without it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import cli
from .cmd_packs import packs_group


@packs_group.command("draft")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--references", "-r", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Reference answers, numbered or in the same order as the questions.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the pack here (default: print it).")
@click.option("--id", "pack_id", help="Pack id (default: the questions file's name).")
@click.option("--title", help="Pack title (default: the questions file's name).")
def packs_draft(questions: Path, references: Path | None, out: Path | None, pack_id: str | None,
                title: str | None) -> None:
    """Draft a pack (key points, likely misconceptions) from QUESTIONS with the language model, for you
    to edit; needs GREENPEN_LLM_URL."""
    from ..llm import LLMClient, LLMNotConfigured, LLMSettings
    from ..llm.draft import draft_pack, read_questions

    settings = LLMSettings.from_env(os.environ)
    if not settings.configured:
        raise LLMNotConfigured("greenpen packs draft")
    asked = read_questions(questions.read_text(encoding="utf-8"))
    if not asked:
        raise click.UsageError(f"{questions} holds no questions — write one per line, or number them "
                               "1. 2. 3.")
    refs = read_questions(references.read_text(encoding="utf-8")) if references else []
    client = LLMClient(settings)
    try:
        plan = client.estimate([client.chat_request([{"role": "user", "content": q.text * 3}],
                                                    max_tokens=400) for q in asked])
        click.echo(f"Drafting {len(asked)} questions with {settings.describe()}: {plan.describe()}.",
                   err=True)
        name = questions.stem
        text = draft_pack(client, asked, refs, pack_id=pack_id or name.lower(), title=title or name,
                          source=str(out or f"{name}.yaml"))
    finally:
        client.close()
    if out is None:
        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {out}: a draft with {len(asked)} questions — edit it, then "
               f"`greenpen packs check {out}`.")


@cli.group("llm", invoke_without_command=True)
@click.option("--ping", is_flag=True, help="Also send one tiny request to check the endpoint answers.")
@click.pass_context
def llm_group(ctx: click.Context, ping: bool) -> None:
    """Show the optional language model's settings (GREENPEN_LLM_URL, GREENPEN_LLM_MODEL,
    GREENPEN_LLM_KEY or [llm] in settings.toml); nothing is sent unless a URL is set."""
    if ctx.invoked_subcommand is not None:
        return
    from ..llm import LLMClient, LLMSettings, p_yes

    settings = LLMSettings.from_env(os.environ)
    if not settings.configured:
        click.echo("No language model configured: greenpen sends nothing anywhere. Set GREENPEN_LLM_URL "
                   "(e.g. http://127.0.0.1:8080/v1) and GREENPEN_LLM_MODEL to use one.")
        return
    click.echo(f"model:    {settings.model or '(server default)'}\nurl:      {settings.base_url}\n"
               f"key:      {'set' if settings.key else 'none'}\ncache:    {settings.cache_dir or 'off'}\n"
               f"timeout:  {settings.timeout:g} s, {settings.retries} retries, "
               f"{settings.concurrency} at once\n"
               f"judge:    answers below confidence {settings.judge_threshold:g}, via {settings.judge_api}")
    if ping:
        client = LLMClient(settings, use_cache=False)
        try:
            reply = client.send(client.chat_request(
                [{"role": "user", "content": "Is 2 + 2 equal to 4? Reply yes or no."}], max_tokens=1,
                top_logprobs=5))
        finally:
            client.close()
        p = p_yes(reply.top_logprobs)
        logprobs = f"P(yes) = {p:.2f}" if p is not None else "no log-probabilities (the judge needs them)"
        click.echo(f"ping:     answered {reply.text.strip()!r} in {client.stats.seconds:.1f} s; {logprobs}")
